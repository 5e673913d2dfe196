package dev.spindle.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.DeadlineExceededException;
import dev.spindle.Spindle;
import dev.spindle.Task;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.MeterNotFoundException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@code spindle.task}: one timer per name, outcome and exception, recording the body's run time. */
class TaskTimerTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private Timer timer(String name, String outcome, String exception) {
        return f.registry.get("spindle.task").tags("name", name, "outcome", outcome, "exception", exception).timer();
    }

    @Nested
    class Outcomes {

        @Test
        void successIsRecordedWithItsRunTimeAndExceptionNone() {
            f.runner.run(() -> Spindle.gather(
                    () -> { Spindle.sleep(60); return 1; },
                    () -> 2)); // gather's tasks have default names
            f.runner.run(() -> Spindle.createTask("fetch", () -> { Spindle.sleep(60); return 1; }).join());

            Timer fetch = timer("fetch", "success", "none");
            assertThat(fetch.count()).isEqualTo(1);
            assertThat(fetch.totalTime(TimeUnit.MILLISECONDS)).isBetween(60.0, 60.0 + 1000);
            assertThat(fetch.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(60.0);
            // the two gathered bodies and the two main tasks
            Timer task = timer("task", "success", "none");
            assertThat(task.count()).isEqualTo(4);
            assertThat(task.max(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(60.0);
        }

        @Test
        void failureIsTaggedWithTheSimpleClassNameOfWhatTheBodyThrew() {
            f.runner.run(() -> {
                Task<Object> t = Spindle.createTask("parse", () -> {
                    Spindle.sleep(30);
                    throw new IllegalStateException("bad input");
                });
                assertThatThrownBy(t::join).isInstanceOf(IllegalStateException.class);
                return null;
            });

            Timer parse = timer("parse", "failure", "IllegalStateException");
            assertThat(parse.count()).isEqualTo(1);
            assertThat(parse.totalTime(TimeUnit.MILLISECONDS)).isBetween(30.0, 30.0 + 1000);
            assertThat(f.registry.find("spindle.task").tags("name", "parse").timers()).hasSize(1);
        }

        @Test
        void checkedExceptionsAndAnonymousClassesGetReadableNames() {
            f.runner.run(() -> {
                Task<Object> checked = Spindle.createTask("io", () -> { throw new java.io.IOException("disk"); });
                Task<Object> anonymous = Spindle.createTask("anon", () -> { throw new RuntimeException() {}; });
                assertThatThrownBy(checked::join).hasCauseInstanceOf(java.io.IOException.class);
                assertThatThrownBy(anonymous::join).isInstanceOf(RuntimeException.class);
                return null;
            });

            assertThat(timer("io", "failure", "IOException").count()).isEqualTo(1);
            assertThat(timer("anon", "failure", "TaskTimerTest$Outcomes$1").count()).isEqualTo(1);
        }

        @Test
        void cancellationIsRecordedAsCancelledWithExceptionNone() {
            CountDownLatch started = new CountDownLatch(1);
            f.runner.run(() -> {
                Task<Object> t = Spindle.createTask("poll", () -> {
                    started.countDown();
                    Spindle.sleep(10_000);
                    return null;
                });
                started.await();
                t.cancel("no longer needed");
                assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
                return null;
            });

            Timer poll = timer("poll", "cancelled", "none");
            assertThat(poll.count()).isEqualTo(1);
            assertThat(poll.totalTime(TimeUnit.MILLISECONDS)).isLessThan(5_000.0);
        }

        @Test
        void tasksCancelledWhenTheirRunEndsAreRecordedAsCancelled() {
            CountDownLatch started = new CountDownLatch(3);
            f.runner.run(() -> {
                for (int i = 0; i < 3; i++) {
                    Spindle.createTask("leftover-" + i, () -> {
                        started.countDown();
                        Spindle.sleep(10_000);
                        return null;
                    });
                }
                started.await();
                return null;
            });

            assertThat(timer("leftover", "cancelled", "none").count()).isEqualTo(3);
        }

        @Test
        void aTaskCancelledBeforeItsBodyRanIsCancelledWithZeroRunTimeAndNoSchedulingSample() {
            CountDownLatch started = new CountDownLatch(1);
            java.util.concurrent.atomic.AtomicBoolean lateBodyRan = new java.util.concurrent.atomic.AtomicBoolean();
            f.runner.run(() -> {
                Spindle.createTask("lingerer", () -> {
                    started.countDown();
                    try {
                        Spindle.sleep(10_000);
                    } catch (CancellationException e) { // the run is shutting down: a task made now is born cancelled
                        Spindle.createTask("late", () -> lateBodyRan.getAndSet(true));
                        throw e;
                    }
                    return null;
                });
                started.await();
                return null;
            });

            assertThat(lateBodyRan).isFalse();
            Timer late = timer("late", "cancelled", "none");
            assertThat(late.count()).isEqualTo(1);
            assertThat(late.totalTime(TimeUnit.NANOSECONDS)).isZero();
            assertThat(f.registry.get("spindle.task.scheduling").timer().count())
                    .as("main and lingerer started; late never did").isEqualTo(2);
            assertThat(f.registry.get("spindle.task.active").tag("name", "late").gauge().value()).isZero();
        }

        @Test
        void aTimeoutThatEscapesTheBodyIsTaggedTimeoutAndDeadlineExceeded() {
            f.runner.run(() -> {
                Task<Integer> t = Spindle.createTask("lookup",
                        () -> Spindle.timeout(Duration.ofMillis(50), () -> { Spindle.sleep(10_000); return 1; }));
                assertThatThrownBy(t::join).isInstanceOf(DeadlineExceededException.class);
                return null;
            });

            Timer lookup = timer("lookup", "timeout", "DeadlineExceededException");
            assertThat(lookup.count()).isEqualTo(1);
            assertThat(lookup.totalTime(TimeUnit.MILLISECONDS)).isBetween(50.0, 50.0 + 1500);
        }

        @Test
        void aTaskCancelledByWaitForIsTaggedTimeoutWithExceptionNone() {
            f.runner.run(() -> {
                java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
                Task<Integer> t = Spindle.createTask("slow", () -> {
                    started.countDown();
                    Spindle.sleep(10_000);
                    return 1;
                });
                started.await(); // the run time counts from the body's start, the deadline from waitFor's call
                assertThatThrownBy(() -> Spindle.waitFor(t, Duration.ofMillis(40)))
                        .isInstanceOf(DeadlineExceededException.class);
                return null;
            });

            Timer slow = timer("slow", "timeout", "none");
            assertThat(slow.count()).isEqualTo(1);
            assertThat(slow.totalTime(TimeUnit.MILLISECONDS)).isBetween(40.0, 40.0 + 1500);
        }

        @Test
        void aTimeoutCaughtInsideTheTaskIsASuccess() {
            f.runner.run(() -> Spindle.createTask("fallback", () -> {
                try {
                    return Spindle.timeout(Duration.ofMillis(20), () -> { Spindle.sleep(10_000); return 1; });
                } catch (DeadlineExceededException e) {
                    return 0;
                }
            }).join());

            assertThat(timer("fallback", "success", "none").count()).isEqualTo(1);
            assertThatThrownBy(() -> timer("fallback", "timeout", "DeadlineExceededException"))
                    .isInstanceOf(MeterNotFoundException.class);
        }

        @Test
        void gatherSiblingsCancelledByAFailureAreCancelledAndTheFailureIsAFailure() {
            CountDownLatch siblingsStarted = new CountDownLatch(2);
            assertThatThrownBy(() -> f.runner.run(() -> Spindle.taskGroup(g -> {
                g.createTask("sibling", () -> { siblingsStarted.countDown(); Spindle.sleep(10_000); return 1; });
                g.createTask("sibling", () -> { siblingsStarted.countDown(); Spindle.sleep(10_000); return 1; });
                g.createTask("breaker", () -> {
                    siblingsStarted.await();
                    throw new UnsupportedOperationException("no");
                });
                return null;
            }))).isInstanceOf(UnsupportedOperationException.class);

            assertThat(timer("sibling", "cancelled", "none").count()).isEqualTo(2);
            assertThat(timer("breaker", "failure", "UnsupportedOperationException").count()).isEqualTo(1);
            assertThat(timer("task", "failure", "UnsupportedOperationException").count())
                    .as("the main task, whose group rethrew").isEqualTo(1);
        }
    }

    @Nested
    class Names {

        @Test
        void aTrailingNumberIsRemovedSoNumberedTasksShareOneSeries() {
            f.runner.run(() -> {
                for (int i = 1; i <= 12; i++) {
                    Spindle.createTask("fetch-" + i, () -> 1).join();
                }
                Spindle.createTask("shard-3-retry", () -> 1).join();
                return null;
            });

            assertThat(timer("fetch", "success", "none").count()).isEqualTo(12);
            assertThat(timer("shard-3-retry", "success", "none").count()).isEqualTo(1);
            assertThat(f.registry.find("spindle.task").timers())
                    .extracting(t -> t.getId().getTag("name"))
                    .containsExactlyInAnyOrder("fetch", "shard-3-retry", "task");
        }

        @Test
        void defaultNamesCollapseToTask() {
            f.runner.run(() -> Spindle.gather(() -> 1, () -> 2, () -> 3));

            assertThat(timer("task", "success", "none").count()).isEqualTo(4);
            assertThat(f.registry.find("spindle.task").timers()).hasSize(1);
        }
    }
}
