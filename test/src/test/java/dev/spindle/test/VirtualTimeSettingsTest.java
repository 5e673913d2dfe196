package dev.spindle.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ParameterResolutionException;

/**
 * {@link VirtualTime} sets each test's clock up (seed, start instant, stall report; the nearest annotation
 * wins), and misuse fails the test with a message that says what was wrong and what to do.
 */
class VirtualTimeSettingsTest {

    static final List<Object> SEEN = new CopyOnWriteArrayList<>();

    @BeforeEach
    void forgetWhatEarlierFixturesSaw() {
        SEEN.clear();
    }

    // ---------------------------------------------------------------- seed

    /** Eight tasks sleep one virtual second each; the order they wake in is recorded. */
    static void recordWakeOrder() {
        List<Integer> order = new CopyOnWriteArrayList<>();
        List<Task<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int index = i;
            tasks.add(Spindle.createTask(() -> {
                Spindle.sleep(Duration.ofSeconds(1));
                order.add(index);
            }));
        }
        tasks.forEach(Task::join);
        SEEN.add(List.copyOf(order));
    }

    static class NoSeed {
        @SpindleTest
        void wakes() {
            recordWakeOrder();
        }
    }

    @VirtualTime(seed = 7)
    static class SeedSeven {
        @SpindleTest
        void wakes() {
            recordWakeOrder();
        }
    }

    static class SeedEight {
        @SpindleTest
        @VirtualTime(seed = 8)
        void wakes() {
            recordWakeOrder();
        }
    }

    @Test
    void tasksDueAtOneInstantWakeInCreationOrderOrInTheOrderTheSeedFixes() {
        List<Integer> creationOrder = IntStream.range(0, 8).boxed().toList();
        FixtureRun.of(NoSeed.class).assertPassed(1);
        FixtureRun.of(SeedSeven.class).assertPassed(1);
        FixtureRun.of(SeedSeven.class).assertPassed(1);
        FixtureRun.of(SeedEight.class).assertPassed(1);
        assertThat(SEEN).hasSize(4);
        assertThat(SEEN.get(0)).as("no seed").isEqualTo(creationOrder);
        assertThat(SEEN.get(1)).as("seed 7").isNotEqualTo(creationOrder).isEqualTo(SEEN.get(2));
        assertThat(SEEN.get(3)).as("seed 8").isNotEqualTo(creationOrder).isNotEqualTo(SEEN.get(1));
        assertThat(SEEN).allSatisfy(order -> assertThat(order).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.list(Integer.class)).containsExactlyInAnyOrderElementsOf(creationOrder));
    }

    // ---------------------------------------------------------------- start, and which annotation wins

    @VirtualTime(start = "2026-01-01T00:00:00Z")
    static class StartsAt {
        @SpindleTest
        void fromTheClass() {
            Spindle.sleep(Duration.ofMinutes(90));
            SEEN.add("class: " + Spindle.now());
        }

        @SpindleTest
        @VirtualTime(start = "2027-06-30T12:00:00Z")
        void fromTheMethod() {
            SEEN.add("method: " + Spindle.now());
        }

        @Nested
        class Inner {
            @SpindleTest
            void fromTheEnclosingClass() {
                SEEN.add("nested: " + Spindle.now());
            }
        }
    }

    @Test
    void theNearestAnnotationSetsTheStartInstant() {
        FixtureRun.of(StartsAt.class).assertPassed(3);
        assertThat(SEEN).containsExactlyInAnyOrder("class: 2026-01-01T01:30:00Z", "method: 2027-06-30T12:00:00Z",
                "nested: 2026-01-01T00:00:00Z");
    }

    static class DefaultStart {
        @SpindleTest
        void startsNow(VirtualClock clock) {
            SEEN.add(clock.now());
        }
    }

    @Test
    void withoutAStartVirtualTimeStartsAtTheWallClockInstantTheTestStarts() {
        Instant before = Instant.now();
        FixtureRun.of(DefaultStart.class).assertPassed(1);
        assertThat((Instant) SEEN.get(0)).isBetween(before, Instant.now());
    }

    // ---------------------------------------------------------------- stall report

    @VirtualTime(stallReportAfter = "PT0.1S")
    static class HoldsTimeInThreadSleep {
        @SpindleTest
        void blocksOutsideSpindle() throws InterruptedException {
            Thread.sleep(800); // a JDK sleep: virtual time waits for it
        }
    }

    @Test
    void aStallIsPublishedAsAReportEntryNamingTheTaskThatHoldsTime() {
        FixtureRun run = FixtureRun.of(HoldsTimeInThreadSleep.class).assertPassed(1);
        assertThat(run.reportEntries(SpindleExtension.STALL_REPORT_KEY)).singleElement().asString()
                .contains("Spindle run 'HoldsTimeInThreadSleep.blocksOutsideSpindle'",
                        "HoldsTimeInThreadSleep.blocksOutsideSpindle (TIMED_WAITING");
    }

    // ---------------------------------------------------------------- misuse

    static class BadStart {
        @SpindleTest
        @VirtualTime(start = "yesterday")
        void test() {
        }
    }

    @Test
    void aStartThatIsNotAnInstantFailsTheTestSayingWhatIsExpected() {
        assertThat(FixtureRun.of(BadStart.class).onlyFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("@VirtualTime on method dev.spindle.test.VirtualTimeSettingsTest$BadStart.test():"
                        + " start = \"yesterday\" is not an ISO-8601 instant such as \"2026-01-01T00:00:00Z\"");
    }

    @VirtualTime(start = "2026-13-01T00:00:00Z")
    static class BadStartWithAClockParameter {
        @SpindleTest
        void test(VirtualClock clock) {
        }
    }

    @Test
    void aBadStartFailsTheSameWayWhenTheClockIsInjected() {
        assertThat(FixtureRun.of(BadStartWithAClockParameter.class).onlyFailure())
                .hasMessageContaining("@VirtualTime on class dev.spindle.test.VirtualTimeSettingsTest$BadStartWithAClockParameter:"
                        + " start = \"2026-13-01T00:00:00Z\" is not an ISO-8601 instant");
    }

    static class TwoSeeds {
        @SpindleTest
        @VirtualTime(seed = {1, 2})
        void test() {
        }
    }

    static class ZeroStall {
        @SpindleTest
        @VirtualTime(stallReportAfter = "PT0S")
        void test() {
        }
    }

    static class UnreadableStall {
        @SpindleTest
        @VirtualTime(stallReportAfter = "5 seconds")
        void test() {
        }
    }

    @Test
    void twoSeedsAndAStallIntervalThatIsNotAPositiveDurationAreRefused() {
        assertThat(FixtureRun.of(TwoSeeds.class).onlyFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageEndingWith("seed has 2 values; give one (seed = 42), or none for task creation order");
        assertThat(FixtureRun.of(ZeroStall.class).onlyFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageEndingWith("stallReportAfter = \"PT0S\" must be positive");
        assertThat(FixtureRun.of(UnreadableStall.class).onlyFailure()).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageEndingWith("stallReportAfter = \"5 seconds\" is not an ISO-8601 duration such as \"PT5S\"");
    }

    @ExtendWith(SpindleExtension.class)
    static class ClockInALifecycleMethod {
        @BeforeEach
        void before(VirtualClock clock) {
        }

        @Test
        void test() {
        }
    }

    @ExtendWith(SpindleExtension.class)
    static class ClockInTheConstructor {
        ClockInTheConstructor(VirtualClock clock) {
        }

        @Test
        void test() {
        }
    }

    @ExtendWith(SpindleExtension.class)
    static class ClockInATestFactory {
        @TestFactory
        Stream<DynamicTest> tests(VirtualClock clock) {
            return Stream.of(DynamicTest.dynamicTest("one", () -> { }));
        }
    }

    @Test
    void aClockParameterOutsideTheTestMethodIsRefusedSayingWhereTheClockIs() {
        for (Class<?> fixture : List.of(ClockInALifecycleMethod.class, ClockInTheConstructor.class, ClockInATestFactory.class)) {
            assertThat(FixtureRun.of(fixture).onlyFailure()).as(fixture.getSimpleName())
                    .isInstanceOf(ParameterResolutionException.class)
                    .hasMessageContaining("A VirtualClock can be injected into a test method only, not into")
                    .hasMessageContaining(fixture.getName())
                    .hasMessageContaining("call VirtualClock.current() in the run");
        }
    }

    static class WithoutTheExtension {
        @Test
        void test(VirtualClock clock) {
        }
    }

    @Test
    void withoutTheExtensionJUnitSaysNoResolverIsRegisteredForTheClock() {
        assertThat(FixtureRun.of(WithoutTheExtension.class).onlyFailure()).isInstanceOf(ParameterResolutionException.class)
                .hasMessageContaining("No ParameterResolver registered for parameter [dev.spindle.VirtualClock");
    }
}
