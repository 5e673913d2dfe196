package dev.spindle.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.DeadlineExceededException;
import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.VirtualClock;
import dev.spindle.sync.Queue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The code of docs/virtual-time.md, compiled and run: each Java block of the page is copied from here
 * (DocumentSnippetsTest checks that it still is), and each test asserts what the page says the code does.
 */
class VirtualTimeDocsTest {

    @Test
    void aRunWithVirtualTimeSleepsFiveHoursAtOnce() {
        long wallStart = System.nanoTime();
        Duration slept = Runner.create().withVirtualTime().run(() -> {
            Instant before = Spindle.now();
            Spindle.sleep(Duration.ofHours(5)); // every task waits: time jumps 5 hours, at once
            return Duration.between(before, Spindle.now());
        });
        assertThat(slept).isEqualTo(Duration.ofHours(5));
        assertThat(Duration.ofNanos(System.nanoTime() - wallStart)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aClockHeldFromOutsideStartsWhereItIsToldAndShowsTheTimeAfterTheRun() {
        VirtualClock clock = VirtualClock.autoAdvancing()
                .startingAt(Instant.parse("2026-01-01T00:00:00Z"))
                .withSeed(42);
        List<String> results = Runner.create().withVirtualTime(clock).run(() ->
                Spindle.timeout(Duration.ofMinutes(2), () -> Spindle.gather(
                        () -> { Spindle.sleep(Duration.ofSeconds(30)); return "fast"; },
                        () -> { Spindle.sleep(Duration.ofMinutes(1)); return "slow"; })));
        // results: [fast, slow]; clock.now(): 2026-01-01T00:01:00Z; clock.elapsed(): PT1M
        assertThat(results).containsExactly("fast", "slow");
        assertThat(clock.now()).isEqualTo(Instant.parse("2026-01-01T00:01:00Z"));
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> Runner.create().withVirtualTime(clock).run(() -> "again"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("a clock serves one run");
    }

    @Test
    void aManualClockMovesOnlyWhenAdvancedAndWakesWhatIsDueAtTheTarget() {
        VirtualClock clock = VirtualClock.manual();
        Runner.create().withVirtualTime(clock).run(() -> {
            Task<String> slow = Spindle.createTask(() -> {
                Spindle.sleep(Duration.ofSeconds(30));
                return "done";
            });
            clock.advanceBy(Duration.ofSeconds(29)); // the other tasks run until none can; time is then 29 s
            assertThat(slow.isDone()).isFalse();
            clock.advanceBy(Duration.ofSeconds(1));  // due exactly at the new time: woken too
            assertThat(slow.isDone()).isTrue();
            clock.advanceUntilIdle();                // nothing is due any more: returns at once
        });
    }

    @Test
    void tasksDueAtTheSameInstantWakeInCreationOrderOneAtATime() {
        List<String> woken = new CopyOnWriteArrayList<>();
        Runner.create().withVirtualTime().run(() -> Spindle.taskGroup(group -> {
            for (String name : List.of("a", "b", "c")) {
                group.createTask(() -> {
                    Spindle.sleep(Duration.ofSeconds(1));
                    woken.add(name);
                });
            }
            return null;
        }));
        // woken: [a, b, c], every time; with VirtualClock.autoAdvancing().withSeed(n), an order n fixes
        assertThat(woken).containsExactly("a", "b", "c");
    }

    @Test
    void aThreadOutsideTheRunDoesNotHoldTimeBack() throws InterruptedException {
        Queue<String> replies = new Queue<>();
        Thread outside = Thread.ofPlatform().start(() -> {
            try {
                Thread.sleep(300); // not a task of the run: virtual time does not wait for it
                replies.putNowait("reply");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        String got = Runner.create().withVirtualTime().run(() -> {
            try {
                return Spindle.timeout(Duration.ofSeconds(5), () -> replies.get());
            } catch (DeadlineExceededException e) {
                return "timed out"; // at virtual 5 s, long before the thread's 300 ms have passed
            }
        });
        assertThat(got).isEqualTo("timed out");
        outside.join();
    }
}
