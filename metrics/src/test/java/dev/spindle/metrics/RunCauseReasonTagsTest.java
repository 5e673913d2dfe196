package dev.spindle.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.DeadlineExceededException;
import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.TaskFailedException;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The {@code run}, {@code cause} and {@code reason} tags of {@code spindle.task}. */
class RunCauseReasonTagsTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private double count(String... tags) {
        return f.registry.find("spindle.task").tags(tags).timers().stream().mapToLong(Timer::count).sum();
    }

    @Nested
    class Run {

        @Test
        void tasksAreTaggedWithTheirRunnersNameAndTheMainTaskIsNamedAfterIt() {
            f.runner.withName("checkout").run(() -> Spindle.createTask("price", () -> 1).join());
            f.runner.withName("search").run(() -> Spindle.createTask("price", () -> 1).join());

            assertThat(count("run", "checkout", "name", "price", "outcome", "success")).isEqualTo(1);
            assertThat(count("run", "search", "name", "price", "outcome", "success")).isEqualTo(1);
            assertThat(count("run", "checkout", "name", "checkout")).as("the main task").isEqualTo(1);
        }

        @Test
        void unnamedRunsShareTheRunTagRunAndTheirMainTasksAreTask() {
            f.runner.run(() -> 1);
            f.runner.run(() -> 2);

            assertThat(count("run", "run", "name", "task", "outcome", "success")).isEqualTo(2);
        }

        @Test
        void runNamesPastTheCapAreRecordedAsOther() {
            try (Fixture capped = new Fixture(SpindleMetricsConfig.defaults().withVirtualThreadMetrics(false)
                    .withMaxRunNames(2))) {
                for (String run : List.of("a", "b", "c", "d")) {
                    capped.runner.withName(run).run(() -> 1);
                }
                assertThat(capped.registry.find("spindle.task").timers()).extracting(t -> t.getId().getTag("run"))
                        .containsExactlyInAnyOrder("a", "b", "other", "other"); // main tasks "c" and "d"
                assertThat(capped.registry.find("spindle.task").tag("run", "other").timers())
                        .extracting(t -> t.getId().getTag("name")).containsExactlyInAnyOrder("c", "d");
            }
        }
    }

    @Nested
    class Cause {

        @Test
        void aChildFailureThatFailsItsGroupAndTheMainTaskIsCountedOnceAsOwn() {
            CountDownLatch siblingsStarted = new CountDownLatch(2);
            assertThatThrownBy(() -> f.runner.withName("search").run(() -> Spindle.taskGroup(g -> {
                g.createTask("shard", () -> { siblingsStarted.countDown(); Spindle.sleep(10_000); return 1; });
                g.createTask("shard", () -> { siblingsStarted.countDown(); Spindle.sleep(10_000); return 1; });
                g.createTask("breaker", () -> {
                    siblingsStarted.await();
                    throw new UnsupportedOperationException("no");
                });
                return null;
            }))).isInstanceOf(UnsupportedOperationException.class);

            assertThat(count("outcome", "failure")).as("breaker and main").isEqualTo(2);
            assertThat(count("outcome", "failure", "cause", "own")).isEqualTo(1);
            assertThat(count("name", "breaker", "outcome", "failure", "cause", "own")).isEqualTo(1);
            assertThat(count("name", "search", "outcome", "failure", "cause", "child",
                    "exception", "UnsupportedOperationException")).as("the main task, whose group rethrew").isEqualTo(1);
            assertThat(count("name", "shard", "outcome", "cancelled", "reason", "sibling_failure")).isEqualTo(2);
        }

        @Test
        void aGatherFailureRethrownUpTwoLevelsIsOwnOnlyWhereItStarted() {
            assertThatThrownBy(() -> f.runner.run(() -> Spindle.createTask("middle", () -> Spindle.gather(
                    () -> { throw new IllegalStateException("deep"); },
                    () -> { Spindle.sleep(10_000); return 1; })).join())).isInstanceOf(IllegalStateException.class);

            assertThat(count("outcome", "failure", "cause", "own")).isEqualTo(1);
            assertThat(count("name", "middle", "outcome", "failure", "cause", "child")).isEqualTo(1);
            assertThat(count("name", "task", "outcome", "failure", "cause", "child")).as("main").isEqualTo(1);
        }

        @Test
        void aCheckedFailureWrappedByJoinIsStillTheChilds() {
            assertThatThrownBy(() -> f.runner.run(() -> Spindle.createTask("io", () -> {
                throw new IOException("disk");
            }).join())).isInstanceOf(TaskFailedException.class);

            assertThat(count("name", "io", "outcome", "failure", "cause", "own", "exception", "IOException"))
                    .isEqualTo(1);
            assertThat(count("name", "task", "outcome", "failure", "cause", "child", "exception", "TaskFailedException"))
                    .isEqualTo(1);
        }

        @Test
        void aNewExceptionThrownAfterCatchingAChildsFailureIsOwn() {
            assertThatThrownBy(() -> f.runner.run(() -> {
                try {
                    Spindle.createTask("child", () -> { throw new IllegalStateException("a"); }).join();
                } catch (IllegalStateException e) {
                    throw new IllegalArgumentException("replaced, cause dropped");
                }
                return null;
            })).isInstanceOf(IllegalArgumentException.class);

            assertThat(count("outcome", "failure", "cause", "own")).isEqualTo(2);
        }
    }

    @Nested
    class Reason {

        @Test
        void anExplicitCancelIsExplicit() {
            f.runner.run(() -> {
                CountDownLatch started = new CountDownLatch(1);
                Task<Object> t = Spindle.createTask("victim", () -> { started.countDown(); Spindle.sleep(10_000); return null; });
                started.await();
                t.cancel("no longer needed");
                assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
                return null;
            });

            assertThat(count("name", "victim", "outcome", "cancelled", "reason", "explicit", "cause", "none",
                    "exception", "none")).isEqualTo(1);
        }

        @Test
        void aTaskLeftRunningWhenItsRunEndsIsRunShutdown() {
            CountDownLatch started = new CountDownLatch(1);
            f.runner.run(() -> {
                Spindle.createTask("leftover", () -> { started.countDown(); Spindle.sleep(10_000); return null; });
                started.await();
                return null;
            });

            assertThat(count("name", "leftover", "outcome", "cancelled", "reason", "run_shutdown")).isEqualTo(1);
        }

        @Test
        void aCancelledGroupsChildrenAreScope() {
            f.runner.run(() -> Spindle.taskGroup(g -> {
                CountDownLatch started = new CountDownLatch(1);
                g.createTask("member", () -> { started.countDown(); Spindle.sleep(10_000); return null; });
                started.await();
                g.cancel();
                return null;
            }));

            assertThat(count("name", "member", "outcome", "cancelled", "reason", "scope")).isEqualTo(1);
        }

        @Test
        void timeoutsAreDeadlineWhetherCancelledByWaitForOrThrownByTheBody() {
            f.runner.run(() -> {
                Task<Object> slow = Spindle.createTask("slow", () -> { Spindle.sleep(10_000); return null; });
                assertThatThrownBy(() -> Spindle.waitFor(slow, Duration.ofMillis(20)))
                        .isInstanceOf(DeadlineExceededException.class);
                Task<Object> bounded = Spindle.createTask("bounded", () -> Spindle.timeout(Duration.ofMillis(20), () -> {
                    Spindle.sleep(10_000);
                    return null;
                }));
                assertThatThrownBy(bounded::join).isInstanceOf(DeadlineExceededException.class);
                return null;
            });

            assertThat(count("name", "slow", "outcome", "timeout", "reason", "deadline", "exception", "none",
                    "cause", "none")).isEqualTo(1);
            assertThat(count("name", "bounded", "outcome", "timeout", "reason", "deadline",
                    "exception", "DeadlineExceededException", "cause", "own")).isEqualTo(1);
        }

        @Test
        void successesAndFailuresHaveNoReason() {
            f.runner.run(() -> {
                Spindle.createTask("fine", () -> 1).join();
                Task<Object> bad = Spindle.createTask("bad", () -> { throw new IllegalStateException(); });
                assertThatThrownBy(bad::join).isInstanceOf(IllegalStateException.class);
                return null;
            });

            assertThat(f.registry.find("spindle.task").tags("reason", "none").timers())
                    .extracting(t -> t.getId().getTag("outcome")).containsOnly("success", "failure");
        }
    }
}
