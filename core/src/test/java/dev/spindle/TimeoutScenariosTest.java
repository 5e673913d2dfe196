package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenarios 70–80 of {@code asyncio-semantics.md} §2 F: {@code asyncio.timeout}/{@code timeout_at}, as
 * {@link Spindle#timeout} and {@link Spindle#timeoutAt} keep or deliberately change them ([D]). Spindle
 * throws {@link DeadlineExceededException} where asyncio raises {@code TimeoutError}; it is not a
 * {@link CancellationException} (DESIGN.md point 6).
 *
 * <p>What cannot apply to Java, and why:
 * <ul>
 *   <li>70, 71, 77, {@code cm.expired()} and {@code when()}: Spindle's timeout is a scope around a lambda,
 *       not a {@code Timeout} object; the exception itself says it expired, and
 *       {@link Spindle#currentDeadline()} plays {@code when()} (tested in 71). 70's "{@code cancelling()}
 *       is 0 afterwards": Java has no cancel counter; the analogue, nothing left pending, is tested.
 *   <li>71, {@code timeout(None)}: a {@code Duration} cannot be "none"; code without a deadline simply
 *       does not call {@code timeout}. A duration too long to represent as an instant never fires
 *       (tested).
 *   <li>73, {@code reschedule(t)} / {@code reschedule(None)}: Spindle has no API to move a running
 *       deadline (a design question, not invented here); {@code timeoutAt} is tested.
 *   <li>79, the 3.11/3.12 vs 3.13 {@code __context__} chain: Java has no implicit context chain; Spindle
 *       attaches the {@code DeadlineExceededException} as suppressed, as its Javadoc says (tested).
 *   <li>80, entering a {@code Timeout} twice and {@code reschedule} after exit: there is no
 *       {@code Timeout} object to reuse; each call of {@code timeout} is one scope. "Used outside a task"
 *       and "no running event loop" both become {@link IllegalStateException} from a thread that runs
 *       no task (tested).
 * </ul>
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TimeoutScenariosTest {

    private static final double SLACK_MS = 1000; // loose: the build machine is shared and noisy

    /** A body that sleeps {@code ms} and logs "name done", or "name cancelled" if cancelled first. */
    private static Callable<String> sleeper(TimedLog log, String name, long ms) {
        return () -> {
            try {
                Spindle.sleep(ms);
            } catch (CancellationException e) {
                log.add(name + " cancelled");
                throw e;
            }
            log.add(name + " done");
            return name;
        };
    }

    @Test
    @DisplayName("70 timeout(100 ms) around sleep(10 s): the sleep is cancelled, DeadlineExceededException at ~100 ms caused by the CancellationException")
    void timeoutCancelsBodyAndThrows() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Throwable thrown = catchThrowable(() -> Spindle.timeout(Duration.ofMillis(100), sleeper(log, "sleep", 10_000)));
            log.add("timeout threw");
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class).isNotInstanceOf(CancellationException.class)
                    .hasCauseInstanceOf(CancellationException.class);
            assertThat(log.events()).containsExactly("sleep cancelled", "timeout threw");
            TestTime.assertMillis("timeout threw", log.at("timeout threw"), 100, SLACK_MS);
        });
    }

    @Test
    @DisplayName("70 after a timeout fired nothing stays pending: the task's next sleep completes and the task succeeds")
    void nothingPendingAfterTimeout() {
        Spindle.run(() -> {
            Task<String> task = Spindle.createTask(() -> {
                assertThatThrownBy(() -> Spindle.timeout(Duration.ofMillis(50), () -> {
                    Spindle.sleep(10_000);
                    return null;
                })).isInstanceOf(DeadlineExceededException.class);
                assertThat(Thread.currentThread().isInterrupted()).isFalse();
                Spindle.sleep(50);
                return "carried on";
            });
            assertThat(task.join()).isEqualTo("carried on");
            assertThat(task.state()).isEqualTo(Task.State.SUCCESS);
        });
    }

    @Test
    @DisplayName("71 timeout(300 ms) around a 50 ms body returns its result and never fires later; currentDeadline() plays when()")
    void timeoutThatDoesNotFire() {
        Spindle.run(() -> {
            assertThat(Spindle.currentDeadline()).isEmpty();
            Instant before = Spindle.now();
            AtomicReference<Instant> when = new AtomicReference<>();
            String result = Spindle.timeout(Duration.ofMillis(300), () -> {
                when.set(Spindle.currentDeadline().orElseThrow());
                Spindle.sleep(50);
                return "done";
            });
            Instant after = Spindle.now();
            assertThat(result).isEqualTo("done");
            assertThat(when.get()).isBetween(before.plusMillis(300), after.plusMillis(300));
            assertThat(Spindle.currentDeadline()).isEmpty();
            Spindle.sleep(350 - Duration.between(before, Spindle.now()).toMillis()); // past the old deadline: nothing fires
        });
    }

    @Test
    @DisplayName("71 a timeout too long to represent (Duration of Long.MAX_VALUE s, timeoutAt(Instant.MAX)) never fires")
    void unrepresentableTimeoutNeverFires() {
        Spindle.run(() -> {
            assertThat(Spindle.timeout(Duration.ofSeconds(Long.MAX_VALUE), () -> {
                Spindle.sleep(50);
                return "a";
            })).isEqualTo("a");
            assertThat(Spindle.timeoutAt(Instant.MAX, () -> {
                Spindle.sleep(50);
                return "b";
            })).isEqualTo("b");
        });
    }

    @Test
    @DisplayName("72 timeout(0), timeout(-1 ms) and a past timeoutAt: the body runs up to its first blocking call, which is cancelled")
    void zeroOrPastDeadlineCancelsTheFirstBlockingCall() {
        Spindle.run(() -> {
            for (int i = 0; i < 3; i++) {
                TimedLog log = new TimedLog();
                Callable<String> body = () -> {
                    log.add("start");
                    Spindle.sleep(0);
                    log.add("after the first blocking call");
                    return "never";
                };
                Throwable thrown = switch (i) {
                    case 0 -> catchThrowable(() -> Spindle.timeout(Duration.ZERO, body));
                    case 1 -> catchThrowable(() -> Spindle.timeout(Duration.ofMillis(-1), body));
                    default -> catchThrowable(() -> Spindle.timeoutAt(Spindle.now().minusSeconds(1), body));
                };
                assertThat(thrown).as("case %d", i).isInstanceOf(DeadlineExceededException.class);
                assertThat(log.events()).as("case %d", i).containsExactly("start");
            }
        });
    }

    @Test
    @DisplayName("72 timeout(0) around a body that never blocks returns its result")
    void zeroDeadlineAroundNonBlockingBodyReturns() {
        Spindle.run(() -> {
            assertThat(Spindle.timeout(Duration.ZERO, () -> 6 * 7)).isEqualTo(42);
            assertThat(Spindle.timeout(Duration.ofMillis(-1), () -> "no await")).isEqualTo("no await");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            Spindle.sleep(20); // the unobserved cancellation did not leak out
        });
    }

    @Test
    @DisplayName("73 timeoutAt(now + 100 ms) fires at ~100 ms")
    void timeoutAtFiresAtTheInstant() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Instant at = Spindle.now().plusMillis(100);
            Throwable thrown = catchThrowable(() -> Spindle.timeoutAt(at, sleeper(log, "sleep", 10_000)));
            log.add("timeoutAt threw");
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
            assertThat(Spindle.now()).isAfterOrEqualTo(at);
            TestTime.assertMillis("timeoutAt threw", log.at("timeoutAt threw"), 100, SLACK_MS);
        });
    }

    @Test
    @DisplayName("74 inner timeout (50 ms) shorter than outer (1 s): the inner throws at ~50 ms, is caught inside the outer, the outer completes")
    void innerShorterIsCaughtInsideOuter() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            String result = Spindle.timeout(Duration.ofMillis(300), () -> {
                try {
                    Spindle.timeout(Duration.ofMillis(50), sleeper(log, "inner sleep", 10_000));
                } catch (DeadlineExceededException e) {
                    log.add("inner timeout caught");
                }
                Spindle.sleep(20); // the outer scope is intact
                return "outer done";
            });
            assertThat(result).isEqualTo("outer done");
            assertThat(log.events()).containsExactly("inner sleep cancelled", "inner timeout caught");
            TestTime.assertMillis("inner timeout caught", log.at("inner timeout caught"), 50, SLACK_MS);
        });
    }

    @Test
    @DisplayName("75 outer timeout (50 ms) shorter than inner (1 s): the inner sees a CancellationException pass through, the outer throws")
    void outerShorterPassesCancellationThroughInner() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            AtomicReference<Throwable> innerSaw = new AtomicReference<>();
            AtomicReference<Instant> innerDeadline = new AtomicReference<>();
            Instant before = Spindle.now();
            Throwable thrown = catchThrowable(() -> Spindle.timeout(Duration.ofMillis(50), () -> {
                try {
                    return Spindle.timeout(Duration.ofSeconds(1), () -> {
                        innerDeadline.set(Spindle.currentDeadline().orElseThrow());
                        return sleeper(log, "sleep", 10_000).call();
                    });
                } catch (RuntimeException e) {
                    innerSaw.set(e);
                    throw e;
                }
            }));
            log.add("outer threw");
            assertThat(innerSaw.get()).isInstanceOf(CancellationException.class);
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class).hasCause(innerSaw.get());
            assertThat(innerDeadline.get()).as("the inner never outlives the outer").isBefore(before.plusSeconds(1));
            TestTime.assertMillis("outer threw", log.at("outer threw"), 50, SLACK_MS);
        });
    }

    @Test
    @DisplayName("76 equal deadlines: only the outer throws DeadlineExceededException; the inner sees a CancellationException")
    void equalDeadlinesOnlyOuterThrows() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Instant at = Spindle.now().plusMillis(50);
            AtomicReference<Throwable> innerSaw = new AtomicReference<>();
            Throwable thrown = catchThrowable(() -> Spindle.timeoutAt(at, () -> {
                try {
                    return Spindle.timeoutAt(at, sleeper(log, "sleep", 10_000));
                } catch (RuntimeException e) {
                    innerSaw.set(e);
                    throw e;
                }
            }));
            assertThat(innerSaw.get()).isInstanceOf(CancellationException.class);
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
            assertThat(log.events()).containsExactly("sleep cancelled");
        });
    }

    // ---------------------------------------------------------------- timeouts in cleanup and in shields

    @Test
    @DisplayName("test_nested_timeout_in_finally: a timeout in the cleanup of an expired timeout fires after its own 10 ms, not after its 5 s body; both throw DeadlineExceededException")
    void nestedTimeoutInFinally() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            AtomicReference<Throwable> inner = new AtomicReference<>();
            AtomicReference<Instant> cleanupDeadline = new AtomicReference<>();
            Throwable outer = catchThrowable(() -> Spindle.timeout(Duration.ofMillis(10), () -> {
                try {
                    Spindle.sleep(1000);
                } finally {
                    log.add("cleanup starts");
                    inner.set(catchThrowable(() -> Spindle.timeout(Duration.ofMillis(10), () -> {
                        cleanupDeadline.set(Spindle.currentDeadline().orElseThrow());
                        return sleeper(log, "cleanup sleep", 5_000).call();
                    })));
                    log.add("inner timeout threw");
                }
                return null;
            }));
            assertThat(outer).isInstanceOf(DeadlineExceededException.class).hasCauseInstanceOf(CancellationException.class);
            assertThat(inner.get()).isInstanceOf(DeadlineExceededException.class)
                    .hasCauseInstanceOf(CancellationException.class);
            assertThat(log.events()).containsExactly("cleanup starts", "cleanup sleep cancelled", "inner timeout threw");
            TestTime.assertMillis("inner timeout threw after cleanup starts", log.at("inner timeout threw") - log.at("cleanup starts"), 10, SLACK_MS);
            assertThat(cleanupDeadline.get()).as("the expired outer deadline no longer applies in its cleanup")
                    .isAfter(Spindle.now().minusMillis(10 + (long) SLACK_MS));
        });
    }

    @Test
    @DisplayName("[D] the cleanup of an expired inner timeout is still bounded by an enclosing one that has not expired: a long timeout there ends at the outer deadline")
    void cleanupOfExpiredInnerStaysBoundedByLiveOuter() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Throwable thrown = catchThrowable(() -> Spindle.timeout(Duration.ofMillis(300), () ->
                    Spindle.timeout(Duration.ofMillis(10), () -> {
                        try {
                            Spindle.sleep(10_000);
                        } finally {
                            Spindle.timeout(Duration.ofSeconds(5), sleeper(log, "cleanup sleep", 10_000));
                        }
                        return null;
                    })));
            log.add("outer threw");
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
            assertThat(log.events()).containsExactly("cleanup sleep cancelled", "outer threw");
            TestTime.assertMillis("cleanup sleep cancelled", log.at("cleanup sleep cancelled"), 300, SLACK_MS);
        });
    }

    @Test
    @DisplayName("[D] inside a shield a timeout longer than the enclosing one still fires after its own duration: the shield holds the enclosing deadline off, so it bounds nothing there")
    void timeoutInsideShieldFiresAfterItsOwnDuration() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            AtomicReference<Throwable> inner = new AtomicReference<>();
            AtomicReference<Instant> shieldedDeadline = new AtomicReference<>();
            Instant outerDeadline = Spindle.now().plusMillis(50);
            Throwable outer = catchThrowable(() -> Spindle.timeoutAt(outerDeadline, () -> Spindle.shield(() -> {
                shieldedDeadline.set(Spindle.currentDeadline().orElse(null));
                inner.set(catchThrowable(() -> Spindle.timeout(Duration.ofMillis(300), sleeper(log, "shielded sleep", 5_000))));
                log.add("inner timeout threw");
                return null;
            })));
            log.add("outer threw");
            assertThat(inner.get()).isInstanceOf(DeadlineExceededException.class);
            assertThat(outer).as("the held-off deadline takes effect when the shield ends")
                    .isInstanceOf(DeadlineExceededException.class);
            assertThat(log.events()).containsExactly("shielded sleep cancelled", "inner timeout threw", "outer threw");
            TestTime.assertMillis("inner timeout threw", log.at("inner timeout threw"), 300, SLACK_MS);
            assertThat(shieldedDeadline.get()).as("no deadline applies inside the shield").isNull();
        });
    }

    @Test
    @DisplayName("[D] a timeout that fires inside a shield does not let the task's held-off cancellation into the rest of the shielded section")
    void timeoutFiringInsideShieldKeepsTheTaskCancellationHeldOff() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            CountDownLatch inShield = new CountDownLatch(1);
            CountDownLatch cancelled = new CountDownLatch(1);
            Task<Object> t = Spindle.createTask(() -> Spindle.shield(() -> {
                inShield.countDown();
                cancelled.await(); // the shield holds the cancellation off
                try {
                    Spindle.timeout(Duration.ofMillis(10), sleeper(log, "inner sleep", 5_000));
                } catch (DeadlineExceededException e) {
                    log.add("inner timed out");
                }
                Spindle.sleep(20);
                log.add("shielded work done");
                return null;
            }));
            inShield.await();
            t.cancel();
            cancelled.countDown();
            assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
            assertThat(log.events()).containsExactly("inner sleep cancelled", "inner timed out", "shielded work done");
        });
    }

    @Test
    @DisplayName("[D] a task cancelled while a timeout inside its shield runs: the timeout still throws DeadlineExceededException there, and the cancellation waits for the shield to end")
    void cancellationDuringTimeoutInsideShieldStaysHeldOff() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            CountDownLatch inInner = new CountDownLatch(1);
            Task<Object> t = Spindle.createTask(() -> Spindle.shield(() -> {
                try {
                    Spindle.timeout(Duration.ofMillis(500), () -> {
                        inInner.countDown();
                        return sleeper(log, "inner sleep", 5_000).call();
                    });
                } catch (DeadlineExceededException e) {
                    log.add("inner timed out");
                }
                Spindle.sleep(20);
                log.add("shielded work done");
                return null;
            }));
            inInner.await();
            t.cancel();
            assertThatThrownBy(t::join).isInstanceOf(CancellationException.class);
            assertThat(log.events()).containsExactly("inner sleep cancelled", "inner timed out", "shielded work done");
            TestTime.assertMillis("inner timed out", log.at("inner timed out"), 500, SLACK_MS);
        });
    }

    @Test
    @DisplayName("[D] a group child cancelled by its owner's expired timeout gets the full duration of a timeout in its cleanup, and no more")
    void timeoutInCleanupOfChildCancelledByInheritedDeadline() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Throwable thrown = catchThrowable(() -> Spindle.timeout(Duration.ofMillis(20), () -> Spindle.taskGroup(g -> {
                g.createTask(() -> {
                    try {
                        Spindle.sleep(10_000);
                    } catch (CancellationException e) {
                        log.add("child cancelled");
                        try {
                            Spindle.timeout(Duration.ofMillis(100), sleeper(log, "child cleanup sleep", 5_000));
                        } catch (DeadlineExceededException expired) {
                            log.add("child cleanup timed out");
                        }
                        throw e;
                    }
                    return null;
                });
                return null;
            })));
            log.add("outer threw");
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
            assertThat(log.events()).containsExactly("child cancelled", "child cleanup sleep cancelled",
                    "child cleanup timed out", "outer threw");
            TestTime.assertMillis("child cleanup timed out after child cancelled", log.at("child cleanup timed out") - log.at("child cancelled"), 100, SLACK_MS);
        });
    }

    @Test
    @DisplayName("[D] a task group opened in the cleanup of an expired timeout passes no expired deadline to its children: their own timeouts fire after their own duration")
    void groupOpenedInCleanupPassesNoExpiredDeadline() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            AtomicReference<Throwable> childSaw = new AtomicReference<>();
            Throwable thrown = catchThrowable(() -> Spindle.timeout(Duration.ofMillis(10), () -> {
                try {
                    Spindle.sleep(10_000);
                } finally {
                    log.add("cleanup starts");
                    Spindle.taskGroup(g -> g.createTask(() -> {
                        childSaw.set(catchThrowable(() -> Spindle.timeout(Duration.ofMillis(100),
                                sleeper(log, "child sleep", 5_000))));
                        return null;
                    }));
                    log.add("group ended");
                }
                return null;
            }));
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
            assertThat(childSaw.get()).isInstanceOf(DeadlineExceededException.class);
            assertThat(log.events()).containsExactly("cleanup starts", "child sleep cancelled", "group ended");
            TestTime.assertMillis("group ended after cleanup starts", log.at("group ended") - log.at("cleanup starts"), 100, SLACK_MS);
        });
    }

    @Test
    @DisplayName("77 [D] a body that swallows the cancellation and returns still ends in DeadlineExceededException: the deadline is authoritative")
    void swallowedCancellationStillTimesOut() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Throwable thrown = catchThrowable(() -> Spindle.timeout(Duration.ofMillis(50), () -> {
                try {
                    Spindle.sleep(10_000);
                } catch (CancellationException e) {
                    log.add("cancellation swallowed");
                }
                Spindle.sleep(50); // keeps working: cancellation is one-shot
                log.add("body returned");
                return "value";
            }));
            log.add("timeout threw");
            assertThat(thrown).isInstanceOf(DeadlineExceededException.class);
            assertThat(log.events()).containsExactly("cancellation swallowed", "body returned", "timeout threw");
            TestTime.assertMillis("timeout threw", log.at("timeout threw"), 100, SLACK_MS);
        });
    }

    @Test
    @DisplayName("78 a cancellation from outside inside timeout(1 s) stays a CancellationException with its reason, not a timeout")
    void externalCancellationIsNotATimeout() {
        Spindle.run(() -> {
            CountDownLatch inside = new CountDownLatch(1);
            AtomicReference<Throwable> timeoutThrew = new AtomicReference<>();
            Task<String> task = Spindle.createTask(() -> {
                try {
                    return Spindle.timeout(Duration.ofSeconds(1), () -> {
                        inside.countDown();
                        Spindle.sleep(10_000);
                        return "never";
                    });
                } catch (RuntimeException e) {
                    timeoutThrew.set(e);
                    throw e;
                }
            });
            inside.await();
            Spindle.sleep(50);
            task.cancel("external");
            assertThatThrownBy(task::join).isInstanceOf(CancellationException.class);
            assertThat(timeoutThrew.get()).isInstanceOf(CancellationException.class)
                    .isNotInstanceOf(DeadlineExceededException.class).hasMessageContaining("external");
            assertThat(task.endReason()).contains(new EndReason.Cancelled("external"));
        });
    }

    @Test
    @DisplayName("78 a cancellation of the task still pending when timeout(0) starts stays a CancellationException and is not lost to the deadline")
    void pendingCancellationIsNotTurnedIntoATimeout() {
        Spindle.run(() -> {
            TimedLog log = new TimedLog();
            Task<String> task = Spindle.createTask(() -> {
                Spindle.currentTask().cancel("external"); // requested, not yet delivered
                Throwable thrown = catchThrowable(() -> Spindle.timeout(Duration.ZERO, () -> {
                    Spindle.sleep(10_000);
                    return "never";
                }));
                log.add("timeout threw " + thrown.getClass().getSimpleName());
                if (thrown instanceof CancellationException c) {
                    throw c;
                }
                Spindle.sleep(10_000); // the cancellation was turned into a timeout and lost: this runs to the end
                log.add("cancellation lost");
                return "never";
            });
            assertThatThrownBy(task::join).isInstanceOf(CancellationException.class);
            assertThat(log.events()).containsExactly("timeout threw CancellationException");
            assertThat(task.endReason()).contains(new EndReason.Cancelled("external"));
        });
    }

    @Test
    @DisplayName("79 [D] a body that turns the cancellation into another exception: that exception escapes, the DeadlineExceededException suppressed on it")
    void bodyTurnsCancellationIntoAnotherException() {
        Spindle.run(() -> {
            IllegalStateException cleanupFailed = new IllegalStateException("cleanup failed");
            Throwable thrown = catchThrowable(() -> Spindle.timeout(Duration.ofMillis(50), () -> {
                try {
                    Spindle.sleep(10_000);
                } catch (CancellationException e) {
                    throw cleanupFailed;
                }
                return null;
            }));
            assertThat(thrown).isSameAs(cleanupFailed);
            assertThat(thrown.getSuppressed()).hasSize(1);
            assertThat(thrown.getSuppressed()[0]).isInstanceOf(DeadlineExceededException.class);
        });
    }

    @Test
    @DisplayName("80 timeout and timeoutAt outside a run throw IllegalStateException saying how to fix it")
    void timeoutOutsideARunIsRejected() {
        assertThatThrownBy(() -> Spindle.timeout(Duration.ofSeconds(1), () -> 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Spindle.timeout")
                .hasMessageContaining("Spindle.run");
        assertThatThrownBy(() -> Spindle.timeoutAt(Spindle.now().plusSeconds(1), () -> 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Spindle.timeoutAt")
                .hasMessageContaining("Spindle.run");
    }

    @Test
    @DisplayName("80 null arguments to timeout and timeoutAt throw NullPointerException naming the argument")
    void nullArgumentsAreNamed() {
        Spindle.run(() -> {
            assertThatThrownBy(() -> Spindle.timeout(null, () -> 1)).isInstanceOf(NullPointerException.class)
                    .hasMessage("duration");
            assertThatThrownBy(() -> Spindle.timeout(Duration.ofSeconds(1), null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("body");
            assertThatThrownBy(() -> Spindle.timeoutAt(null, () -> 1)).isInstanceOf(NullPointerException.class)
                    .hasMessage("deadline");
            assertThatThrownBy(() -> Spindle.timeoutAt(Spindle.now(), null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("body");
        });
    }
}
