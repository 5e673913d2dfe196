package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.spindle.sync.Queue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link VirtualClock}: time that stands still while a task of the run can run and jumps when none can,
 * its manual controls, its order of wake-ups, and its stall report. Times are exact virtual instants;
 * wall-clock bounds are generous upper limits only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VirtualClockTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void breakfastTakesTwoVirtualSecondsAndAFewMillisecondsOfWallTime() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        List<String> lines = new CopyOnWriteArrayList<>();
        long wallStart = System.nanoTime();
        List<String> served = Runner.create().withVirtualTime(clock).run(() -> Spindle.gather(
                () -> {
                    lines.add("Grinding beans... at " + clock.elapsed());
                    Spindle.sleep(Duration.ofSeconds(2));
                    lines.add("Coffee ready! at " + clock.elapsed());
                    return "Coffee";
                },
                () -> {
                    lines.add("Toasting bread... at " + clock.elapsed());
                    Spindle.sleep(SECOND);
                    lines.add("Toast ready! at " + clock.elapsed());
                    return "Toast";
                }));
        Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);

        assertThat(served).containsExactly("Coffee", "Toast");
        // two tasks that start together may print their first line in either order (DESIGN, "Start order");
        // virtual time orders wake-ups, not that
        assertThat(lines).hasSize(4);
        assertThat(lines.subList(0, 2)).containsExactlyInAnyOrder("Grinding beans... at PT0S",
                "Toasting bread... at PT0S");
        assertThat(lines.subList(2, 4)).containsExactly("Toast ready! at PT1S", "Coffee ready! at PT2S");
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(wall).as("on the system clock this takes over two seconds").isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void tenThousandRandomSleepsUpToADayEachWakeAtTheirInstantInUnderASecond() {
        randomSleeps(1_000); // the JIT's first pass is not what is measured
        Duration wall = randomSleeps(10_000);
        assertThat(wall).isLessThan(SECOND);
    }

    /** {@code n} tasks sleeping random durations up to 24 h; checks each wake-up; returns the run's wall time. */
    private static Duration randomSleeps(int n) {
        VirtualClock clock = VirtualClock.autoAdvancing();
        Random random = new Random(20261205);
        long[] sleeps = new long[n];
        long longest = 0L;
        for (int i = 0; i < sleeps.length; i++) {
            sleeps[i] = 1L + (long) (random.nextDouble() * Duration.ofHours(24).toNanos());
            longest = Math.max(longest, sleeps[i]);
        }
        long[] wokeAt = new long[sleeps.length];
        long wallStart = System.nanoTime();
        Runner.create().withVirtualTime(clock).run(() -> Spindle.taskGroup(g -> {
            for (int i = 0; i < sleeps.length; i++) {
                int k = i;
                g.createTask(() -> {
                    Spindle.sleep(Duration.ofNanos(sleeps[k]));
                    wokeAt[k] = clock.elapsed().toNanos();
                });
            }
            return null;
        }));
        Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);

        assertThat(wokeAt).isEqualTo(sleeps);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofNanos(longest));
        return wall;
    }

    @Test
    void nestedTimeoutsExpireAtTheirExactVirtualInstants() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        List<String> log = new CopyOnWriteArrayList<>();
        Runner.create().withVirtualTime(clock).run(() -> {
            Throwable inner = catchThrowable(() -> Spindle.timeout(Duration.ofSeconds(10), () ->
                    Spindle.timeout(Duration.ofSeconds(3), () -> {
                        Spindle.sleep(Duration.ofMinutes(1));
                        return null;
                    })));
            log.add(inner.getClass().getSimpleName() + " at " + clock.elapsed());
            Throwable outer = catchThrowable(() -> Spindle.timeout(Duration.ofSeconds(4), () -> {
                try {
                    Spindle.timeout(Duration.ofSeconds(10), () -> {
                        Spindle.sleep(Duration.ofMinutes(1));
                        return null;
                    });
                } finally {
                    log.add("inner left at " + clock.elapsed());
                }
                return null;
            }));
            log.add(outer.getClass().getSimpleName() + " at " + clock.elapsed());
        });
        assertThat(log).containsExactly("DeadlineExceededException at PT3S", "inner left at PT7S",
                "DeadlineExceededException at PT7S");
    }

    @Test
    void waitForAndTimeoutAtReadTheVirtualClock() {
        VirtualClock clock = VirtualClock.autoAdvancing().startingAt(Instant.parse("2030-01-01T00:00:00Z"));
        Runner.create().withVirtualTime(clock).run(() -> {
            assertThat(Spindle.now()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z"));
            Task<String> slow = Spindle.createTask(() -> {
                Spindle.sleep(Duration.ofHours(1));
                return "late";
            });
            assertThatThrownBy(() -> Spindle.waitFor(slow, Duration.ofMinutes(20)))
                    .isInstanceOf(DeadlineExceededException.class);
            assertThat(Spindle.now()).isEqualTo(Instant.parse("2030-01-01T00:20:00Z"));
            assertThat(slow.isCancelled()).isTrue();
            Throwable t = catchThrowable(() -> Spindle.timeoutAt(Spindle.now().plusSeconds(90), () -> {
                Spindle.sleep(Duration.ofDays(1));
                return null;
            }));
            assertThat(t).isInstanceOf(DeadlineExceededException.class);
            assertThat(clock.now()).isEqualTo(Instant.parse("2030-01-01T00:21:30Z"));
        });
    }

    @Test
    void dumpsGiveTheTimeLeftOnTheRunsVirtualClock() {
        String json = Runner.create().withVirtualTime().run(() -> Spindle.timeout(Duration.ofMinutes(10), () -> {
            Spindle.sleep(Duration.ofMinutes(4));
            return Spindle.dumpJson();
        }));
        assertThat(json).contains("\"timeLeftMillis\":360000");
    }

    @Test
    void aQueueGetWithATimeoutWakesAtThePutOrAtItsDeadline() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        List<String> log = new CopyOnWriteArrayList<>();
        Runner.create().withVirtualTime(clock).run(() -> {
            Queue<String> queue = new Queue<>();
            Spindle.createTask(() -> {
                Spindle.sleep(Duration.ofMinutes(2));
                queue.put("job");
            });
            log.add(queue.get(Duration.ofMinutes(5)) + " at " + clock.elapsed());
            Throwable timedOut = catchThrowable(() -> queue.get(Duration.ofMinutes(5)));
            log.add(timedOut.getClass().getSimpleName() + " at " + clock.elapsed());
        });
        assertThat(log).containsExactly("job at PT2M", "DeadlineExceededException at PT7M");
    }

    @Test
    void aTaskBlockedInThreadSleepHoldsVirtualTimeAndTheStallReportNamesIt() {
        AtomicReference<VirtualClock.Stall> reported = new AtomicReference<>();
        VirtualClock clock = VirtualClock.autoAdvancing()
                .withStallReport(Duration.ofMillis(200), s -> reported.compareAndSet(null, s));
        List<String> log = new CopyOnWriteArrayList<>();
        Runner.create().withVirtualTime(clock).run(() -> {
            Task<?> blocking = Spindle.createTask("blocks-outside", () -> {
                Thread.sleep(1500); // real time, invisible to Spindle: virtual time must wait
                log.add("outside done at " + clock.elapsed());
            });
            Task<?> sleeper = Spindle.createTask("sleeper", () -> {
                Spindle.sleep(Duration.ofSeconds(10));
                log.add("sleeper woke at " + clock.elapsed());
            });
            blocking.join();
            sleeper.join();
        });
        assertThat(log).containsExactly("outside done at PT0S", "sleeper woke at PT10S");
        VirtualClock.Stall stall = reported.get();
        assertThat(stall).as("stall report").isNotNull();
        assertThat(stall.virtualTime()).isEqualTo(clock.now().minusSeconds(10));
        assertThat(stall.stalledFor()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(stall.blockedOutside()).hasSize(1);
        assertThat(stall.blockedOutside().get(0)).startsWith("blocks-outside (TIMED_WAITING in java.lang.Thread.sleep")
                .contains("VirtualClockTest");
        assertThat(stall.message()).contains("blocks-outside").contains("blocked outside Spindle");
    }

    @Test
    void toThreadWorkHoldsVirtualTime() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        List<String> log = new CopyOnWriteArrayList<>();
        Runner.create().withVirtualTime(clock).run(() -> {
            Task<?> timer = Spindle.createTask(() -> {
                Spindle.sleep(Duration.ofSeconds(30));
                log.add("timer at " + clock.elapsed());
            });
            Spindle.toThread(() -> {
                Thread.sleep(300);
                log.add("worker done at " + clock.elapsed());
                return null;
            });
            timer.join();
        });
        assertThat(log).containsExactly("worker done at PT0S", "timer at PT30S");
    }

    @Test
    void tasksDueAtTheSameInstantWakeInCreationOrderWithoutASeed() {
        for (int round = 0; round < 5; round++) {
            assertThat(wakeOrder(VirtualClock.autoAdvancing(), 8, 3)).isEqualTo(List.of(
                    "0", "1", "2", "3", "4", "5", "6", "7",
                    "0", "1", "2", "3", "4", "5", "6", "7",
                    "0", "1", "2", "3", "4", "5", "6", "7"));
        }
    }

    @Test
    void theSameSeedGivesTheSameOrderOfWakeUpsAndAnotherSeedAnotherOrder() {
        List<String> first = wakeOrder(VirtualClock.autoAdvancing().withSeed(42), 8, 3);
        for (int round = 0; round < 10; round++) {
            assertThat(wakeOrder(VirtualClock.autoAdvancing().withSeed(42), 8, 3)).isEqualTo(first);
        }
        List<List<String>> others = new ArrayList<>();
        for (long seed = 1; seed <= 5; seed++) {
            others.add(wakeOrder(VirtualClock.autoAdvancing().withSeed(seed), 8, 3));
        }
        assertThat(others).anySatisfy(o -> assertThat(o).isNotEqualTo(first));
        assertThat(first).hasSize(24);
    }

    /** {@code tasks} tasks each sleeping one second {@code rounds} times; the names in order of waking. */
    private static List<String> wakeOrder(VirtualClock clock, int tasks, int rounds) {
        List<String> order = new CopyOnWriteArrayList<>();
        Runner.create().withVirtualTime(clock).run(() -> Spindle.taskGroup(g -> {
            for (int i = 0; i < tasks; i++) {
                String name = Integer.toString(i);
                g.createTask(() -> {
                    for (int r = 0; r < rounds; r++) {
                        Spindle.sleep(SECOND);
                        order.add(name);
                    }
                });
            }
            return null;
        }));
        return order;
    }

    @Test
    void aManualClockMovesOnlyWhenAdvanced() {
        VirtualClock clock = VirtualClock.manual();
        List<String> log = new CopyOnWriteArrayList<>();
        Runner.create().withVirtualTime(clock).run(() -> {
            for (int s : new int[] {1, 2, 5}) {
                Spindle.createTask(() -> {
                    Spindle.sleep(Duration.ofSeconds(s));
                    log.add(s + "s woke at " + clock.elapsed());
                });
            }
            clock.runCurrent(); // the three have started and wait
            assertThat(log).isEmpty();
            clock.advanceBy(Duration.ofSeconds(2));
            assertThat(log).containsExactly("1s woke at PT1S", "2s woke at PT2S");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
            clock.advanceBy(Duration.ofMillis(500));
            assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(2500));
            clock.advanceUntilIdle();
            assertThat(log).containsExactly("1s woke at PT1S", "2s woke at PT2S", "5s woke at PT5S");
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(5));
        });
    }

    @Test
    void aManualClockThatNobodyAdvancesIsReportedAndCanBeAdvancedFromOutsideTheRun() {
        AtomicReference<VirtualClock.Stall> reported = new AtomicReference<>();
        AtomicReference<VirtualClock> holder = new AtomicReference<>();
        VirtualClock clock = VirtualClock.manual().withStallReport(Duration.ofMillis(200), s -> {
            reported.compareAndSet(null, s);
            holder.get().advanceBy(SECOND); // the watchdog's thread is outside the run
        });
        holder.set(clock);
        Runner.create().withVirtualTime(clock).run(() -> {
            Spindle.createTask(() -> Spindle.sleep(SECOND)).join(); // nobody in the run advances
        });
        assertThat(clock.elapsed()).isEqualTo(SECOND);
        assertThat(reported.get().blockedOutside()).isEmpty();
        assertThat(reported.get().virtualTime()).isEqualTo(clock.now().minusSeconds(1));
        assertThat(reported.get().message()).contains("every task waits in a Spindle call");
    }

    @Test
    void aCancelledSleeperWakesWithoutMovingTime() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        Runner.create().withVirtualTime(clock).run(() -> {
            Task<?> sleeper = Spindle.createTask(() -> Spindle.sleep(Duration.ofDays(365)));
            Spindle.sleep(Duration.ofSeconds(3));
            sleeper.cancel();
            assertThatThrownBy(sleeper::join).isInstanceOf(CancellationException.class);
            assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(3));
        });
    }

    @Test
    void eachRunOfAVirtualTimeRunnerGetsAFreshClock() {
        Runner runner = Runner.create().withVirtualTime();
        for (int i = 0; i < 2; i++) {
            Duration elapsed = runner.run(() -> {
                Spindle.sleep(Duration.ofMinutes(10));
                return VirtualClock.current().orElseThrow().elapsed();
            });
            assertThat(elapsed).isEqualTo(Duration.ofMinutes(10));
        }
        if (System.getProperty(Runner.VIRTUAL_TIME_PROPERTY) == null) { // -Dspindle.virtualTime=auto gives every run one
            assertThat(Runner.create().run(() -> VirtualClock.current())).isEmpty();
        }
    }

    @Test
    void misuseIsRefusedWithAClearError() {
        VirtualClock clock = VirtualClock.autoAdvancing();
        assertThatThrownBy(clock::now).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
        assertThatThrownBy(() -> clock.advanceBy(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> clock.advanceBy(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> clock.startingAt(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("origin");
        assertThatThrownBy(() -> clock.withStallReport(Duration.ZERO, s -> {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Runner.create().withVirtualTime(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("clock");
        Runner once = Runner.create().withVirtualTime(clock);
        once.run(() -> Spindle.sleep(SECOND));
        assertThatThrownBy(() -> once.run(() -> Spindle.sleep(SECOND))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already serves run");
        assertThatThrownBy(clock::runCurrent).isInstanceOf(IllegalStateException.class).hasMessageContaining("ended");
    }

    @Test
    void theSystemPropertyGivesEveryRunAVirtualClockAndRefusesOtherValues() {
        String before = System.getProperty(Runner.VIRTUAL_TIME_PROPERTY);
        try {
            System.setProperty(Runner.VIRTUAL_TIME_PROPERTY, "auto");
            assertThat(Spindle.run(() -> {
                Spindle.sleep(Duration.ofHours(2));
                return VirtualClock.current().orElseThrow().elapsed();
            })).isEqualTo(Duration.ofHours(2));
            System.setProperty(Runner.VIRTUAL_TIME_PROPERTY, "yes");
            assertThatThrownBy(() -> Spindle.run(() -> null)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("spindle.virtualTime=yes");
        } finally {
            if (before == null) {
                System.clearProperty(Runner.VIRTUAL_TIME_PROPERTY);
            } else {
                System.setProperty(Runner.VIRTUAL_TIME_PROPERTY, before);
            }
        }
    }
}
