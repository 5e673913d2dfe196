package dev.spindle.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.DeadlineExceededException;
import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SpindleExtension runs each test in a virtual-time run of its own: hours pass in milliseconds, the test's
 * failure is its own (the same object), and the clock is injected. The fixtures are static nested classes,
 * run through the Jupiter engine by {@link FixtureRun}.
 */
class SpindleExtensionTest {

    /** What the fixtures saw; each test clears it before it runs a fixture. */
    static final List<Object> SEEN = new CopyOnWriteArrayList<>();

    @BeforeEach
    void forgetWhatEarlierFixturesSaw() {
        SEEN.clear();
    }

    // ---------------------------------------------------------------- time

    static class SleepsFiveHours {
        @SpindleTest
        void sleeps(VirtualClock clock) {
            Instant before = Spindle.now();
            long wallStart = System.nanoTime();
            Spindle.sleep(Duration.ofHours(5));
            SEEN.add(Duration.ofNanos(System.nanoTime() - wallStart));
            SEEN.add(Duration.between(before, Spindle.now()));
            SEEN.add(clock.elapsed());
        }
    }

    @Test
    void aTestThatSleepsFiveHoursPassesInMilliseconds() {
        FixtureRun.of(SleepsFiveHours.class).assertPassed(1);
        assertThat(SEEN).hasSize(3);
        assertThat((Duration) SEEN.get(0)).as("the wall-clock time of five virtual hours").isLessThan(Duration.ofSeconds(1));
        assertThat(SEEN.subList(1, 3)).containsExactly(Duration.ofHours(5), Duration.ofHours(5));
    }

    static class TimesOut {
        @SpindleTest
        void givesUpAfterTwoMinutes(VirtualClock clock) {
            try {
                Spindle.timeout(Duration.ofMinutes(2), () -> {
                    Spindle.sleep(Duration.ofDays(1));
                    return null;
                });
            } catch (DeadlineExceededException e) {
                SEEN.add(clock.elapsed());
            }
        }
    }

    @Test
    void aTimeoutFiresAtItsExactVirtualInstant() {
        FixtureRun.of(TimesOut.class).assertPassed(1);
        assertThat(SEEN).containsExactly(Duration.ofMinutes(2));
    }

    // ---------------------------------------------------------------- outcome

    static class Fails {
        @SpindleTest
        void withAnAssertionError() {
            Spindle.sleep(Duration.ofMinutes(1));
            AssertionError e = new AssertionError("expected 3 attempts but was 2");
            SEEN.add(e);
            throw e;
        }

        @SpindleTest
        void withACheckedException() throws IOException {
            IOException e = new IOException("connection reset");
            SEEN.add(e);
            throw e;
        }

        @SpindleTest
        void withAnUncheckedExceptionOfATask() {
            IllegalStateException e = new IllegalStateException("the task failed");
            SEEN.add(e);
            Task<Void> task = Spindle.createTask(() -> {
                Spindle.sleep(Duration.ofSeconds(10));
                throw e;
            });
            task.join();
        }
    }

    @Test
    void whatTheTestThrowsIsTheTestsFailureTheSameObjectUnwrapped() {
        FixtureRun run = FixtureRun.of(Fails.class);
        run.results().testEvents().assertStatistics(stats -> stats.started(3).failed(3));
        List<Throwable> failures = new ArrayList<>(run.failures());
        assertThat(failures).hasSize(3);
        for (Object thrown : SEEN) {
            assertThat(failures).as("failures").anySatisfy(f -> assertThat(f).isSameAs(thrown));
        }
        assertThat(failures).allSatisfy(f -> assertThat(f.getSuppressed()).isEmpty());
    }

    static class LeavesATaskRunning {
        @SpindleTest
        void returnsWhileATaskSleeps() {
            Spindle.createTask(() -> {
                try {
                    Spindle.sleep(Duration.ofHours(1));
                    SEEN.add("woke");
                } catch (CancellationException e) {
                    SEEN.add("cancelled at " + Spindle.now());
                    throw e;
                }
            });
            Spindle.sleep(Duration.ofMinutes(1));
            SEEN.add("returned at " + Spindle.now());
        }
    }

    @Test
    void aTaskTheTestLeavesRunningIsCancelledWhenTheTestEnds() {
        FixtureRun.of(LeavesATaskRunning.class).assertPassed(1);
        assertThat(SEEN).hasSize(2);
        String returned = (String) SEEN.get(0);
        assertThat(SEEN.get(1)).isEqualTo("cancelled at " + returned.substring("returned at ".length()));
    }

    static class OverItsJUnitTimeout {
        @SpindleTest
        @Timeout(value = 200, unit = TimeUnit.MILLISECONDS)
        void blocksOutsideSpindle() throws InterruptedException {
            try {
                Thread.sleep(Duration.ofSeconds(30)); // holds virtual time; only the wall clock ends it
            } catch (InterruptedException e) {
                SEEN.add("interrupted");
                throw e;
            }
        }
    }

    @Test
    void junitsTimeoutCancelsTheRunAndFailsTheTestAsTimedOut() {
        FixtureRun run = FixtureRun.of(OverItsJUnitTimeout.class);
        assertThat(run.onlyFailure()).isInstanceOf(TimeoutException.class)
                .hasMessage("blocksOutsideSpindle() timed out after 200 milliseconds");
        assertThat(SEEN).containsExactly("interrupted");
        assertThat(run.wallMillis()).as("wall-clock milliseconds, not the 30 s of the sleep").isLessThan(10_000);
    }

    // ---------------------------------------------------------------- the clock

    static class InjectsTheClock {
        @SpindleTest
        void takesTheRunsClock(VirtualClock clock) {
            SEEN.add(clock);
            SEEN.add(VirtualClock.current().orElseThrow());
            SEEN.add(clock.now().equals(Spindle.now()));
            SEEN.add(clock.elapsed());
        }
    }

    @Test
    void theInjectedClockIsTheRunsClockStartedAtZero() {
        FixtureRun.of(InjectsTheClock.class).assertPassed(1);
        assertThat(SEEN.get(0)).isInstanceOf(VirtualClock.class).isSameAs(SEEN.get(1));
        assertThat(SEEN.subList(2, 4)).containsExactly(true, Duration.ZERO);
    }

    static class EachInvocationItsOwnRun {
        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        @ExtendWith(SpindleExtension.class)
        void parameterized(int hours, VirtualClock clock) {
            Spindle.sleep(Duration.ofHours(hours));
            SEEN.add(clock.elapsed());
        }

        @RepeatedTest(2)
        @ExtendWith(SpindleExtension.class)
        void repeated(VirtualClock clock) {
            Spindle.sleep(Duration.ofMinutes(3));
            SEEN.add(clock.elapsed());
        }

        @TestFactory
        @ExtendWith(SpindleExtension.class)
        Stream<DynamicTest> dynamic() {
            return Stream.of(4, 5).map(days -> DynamicTest.dynamicTest("days " + days, () -> {
                Spindle.sleep(Duration.ofDays(days));
                SEEN.add(VirtualClock.current().orElseThrow().elapsed());
            }));
        }
    }

    @Test
    void eachParameterizedRepeatedAndDynamicInvocationRunsWithAClockOfItsOwn() {
        FixtureRun.of(EachInvocationItsOwnRun.class).assertPassed(6);
        assertThat(SEEN).containsExactlyInAnyOrder(Duration.ofHours(1), Duration.ofHours(2), Duration.ofMinutes(3),
                Duration.ofMinutes(3), Duration.ofDays(4), Duration.ofDays(5));
    }

    @ExtendWith(SpindleExtension.class)
    static class LifecycleOutsideTheRun {
        @BeforeEach
        void before() {
            SEEN.add("before: " + VirtualClock.current().isPresent());
        }

        @Test
        void test() {
            SEEN.add("test: " + VirtualClock.current().isPresent());
        }
    }

    @Test
    void lifecycleMethodsRunOutsideTheRunOnTheSystemClock() {
        FixtureRun.of(LifecycleOutsideTheRun.class).assertPassed(1);
        assertThat(SEEN).containsExactly("before: false", "test: true");
    }

    static class RegisteredThreeWays {
        @SpindleTest
        @VirtualTime(start = "2030-01-01T00:00:00Z")
        @ExtendWith(SpindleExtension.class)
        void onceOnly() {
            Spindle.sleep(Duration.ofSeconds(1));
            SEEN.add(Spindle.now());
        }
    }

    @Test
    void theExtensionRegisteredByThreeAnnotationsRunsTheTestOnce() {
        FixtureRun.of(RegisteredThreeWays.class).assertPassed(1);
        assertThat(SEEN).containsExactly(Instant.parse("2030-01-01T00:00:01Z"));
    }

    // ---------------------------------------------------------------- manual time

    static class Manual {
        @SpindleTest
        @VirtualTime(manual = true)
        void advancedByTheTest(VirtualClock clock) {
            Task<String> slow = Spindle.createTask(() -> {
                Spindle.sleep(Duration.ofSeconds(30));
                return "done at " + clock.elapsed();
            });
            clock.runCurrent();
            SEEN.add(slow.isDone());
            clock.advanceBy(Duration.ofSeconds(29));
            SEEN.add(slow.isDone());
            clock.advanceBy(Duration.ofSeconds(1)); // due exactly at the target: woken too
            SEEN.add(slow.isDone());
            SEEN.add(slow.join());
            Task<Void> later = Spindle.createTask(() -> Spindle.sleep(Duration.ofHours(2)));
            clock.advanceUntilIdle();
            SEEN.add(later.isDone());
            SEEN.add(clock.elapsed());
        }
    }

    @Test
    void aManualClockMovesOnlyWhenTheTestAdvancesIt() {
        FixtureRun.of(Manual.class).assertPassed(1);
        assertThat(SEEN).containsExactly(false, false, true, "done at PT30S", true, Duration.ofHours(2).plusSeconds(30));
    }

    static class ManualFailsWithATaskWaiting {
        @SpindleTest
        @VirtualTime(manual = true)
        void failsWhileATaskWaitsForTimeNobodyAdvances() {
            Spindle.createTask(() -> {
                try {
                    Spindle.sleep(Duration.ofHours(1));
                } catch (CancellationException e) {
                    SEEN.add("cancelled");
                    throw e;
                }
            });
            VirtualClock.current().orElseThrow().runCurrent();
            throw new AssertionError("fails before the hour");
        }
    }

    @Test
    void aFailingManualClockTestEndsAndCancelsTheTaskThatWaitsForTimeNobodyAdvances() {
        assertThat(FixtureRun.of(ManualFailsWithATaskWaiting.class).onlyFailure()).hasMessage("fails before the hour");
        assertThat(SEEN).containsExactly("cancelled");
    }
}
