package dev.spindle.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spindle.Spindle;
import dev.spindle.Task;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code spindle.task.active}, {@code spindle.task.scheduling} and {@code spindle.failures.unretrieved}. */
class ActiveSchedulingUnretrievedTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Nested
    class Active {

        @Test
        void runningTasksAreActiveAndTheMaxIsTheOldestOnesAge() {
            CountDownLatch started = new CountDownLatch(3);
            CountDownLatch release = new CountDownLatch(1);
            f.runner.run(() -> {
                for (int i = 0; i < 3; i++) {
                    Spindle.createTask("worker-" + i, () -> {
                        started.countDown();
                        release.await();
                        return null;
                    });
                }
                started.await();
                LongTaskTimer workers = f.registry.get("spindle.task.active").tag("name", "worker").longTaskTimer();
                assertThat(workers.activeTasks()).isEqualTo(3);
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> workers.max(TimeUnit.MILLISECONDS) >= 50.0);
                assertThat(workers.duration(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(50.0);
                LongTaskTimer main = f.registry.get("spindle.task.active").tag("name", "task").longTaskTimer();
                assertThat(main.activeTasks()).as("the main task itself").isEqualTo(1);
                release.countDown();
                return null;
            });

            assertThat(f.registry.get("spindle.task.active").tag("name", "worker").longTaskTimer().activeTasks())
                    .isZero();
            assertThat(f.registry.get("spindle.task.active").tag("name", "task").longTaskTimer().activeTasks())
                    .isZero();
        }

        @Test
        void failedCancelledAndTimedOutTasksLeaveTheActiveSetToo() {
            f.runner.run(() -> {
                Task<Object> failing = Spindle.createTask("job", () -> { throw new IllegalStateException(); });
                Task<Object> sleeping = Spindle.createTask("job", () -> { Spindle.sleep(10_000); return null; });
                Spindle.waitTasks(java.util.List.of(failing), dev.spindle.ReturnWhen.ALL_COMPLETED);
                failing.exceptionNow();
                try {
                    Spindle.waitFor(sleeping, Duration.ofMillis(20));
                } catch (dev.spindle.DeadlineExceededException expected) {
                    // the point of the test
                }
                return null;
            });

            assertThat(f.registry.get("spindle.task.active").tag("name", "job").longTaskTimer().activeTasks()).isZero();
        }
    }

    @Nested
    class Scheduling {

        @Test
        void everyStartedTaskRecordsItsSchedulingDelayOnce() {
            f.runner.run(() -> Spindle.gather(() -> 1, () -> 2, () -> 3, () -> 4, () -> 5));

            Timer scheduling = f.registry.get("spindle.task.scheduling").timer();
            assertThat(scheduling.count()).as("five gathered tasks and the main task").isEqualTo(6);
            assertThat(scheduling.max(TimeUnit.SECONDS)).isLessThan(5.0);
            assertThat(scheduling.getId().getTags()).isEmpty();
        }
    }

    @Nested
    class Unretrieved {

        @Test
        void aFailureNobodyRetrievedIsCountedWhenTheRunEnds() {
            f.runner.run(() -> {
                CountDownLatch done = new CountDownLatch(2);
                Spindle.createTask("orphan", () -> { throw new IllegalStateException("lost"); })
                        .onDone(t -> done.countDown());
                Spindle.createTask("orphan", () -> { throw new IllegalArgumentException("lost too"); })
                        .onDone(t -> done.countDown());
                done.await();
                return null;
            });

            Counter unretrieved = f.registry.get("spindle.failures.unretrieved").counter();
            assertThat(unretrieved.count()).isEqualTo(2.0);
            assertThat(f.registry.get("spindle.task").tags("name", "orphan", "outcome", "failure").timers()).hasSize(2);
        }

        @Test
        void aRetrievedFailureIsNotCounted() {
            f.runner.run(() -> {
                Task<Object> t = Spindle.createTask("seen", () -> { throw new IllegalStateException(); });
                try {
                    t.join();
                } catch (IllegalStateException expected) {
                    // retrieved
                }
                return null;
            });

            assertThat(f.registry.get("spindle.failures.unretrieved").counter().count()).isZero();
        }
    }
}
