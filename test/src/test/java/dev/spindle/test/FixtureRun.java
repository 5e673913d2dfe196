package dev.spindle.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/**
 * Runs a fixture class (a static nested test class, which surefire does not run by itself) through the
 * Jupiter engine, as a build would, and reads what happened to its tests.
 */
record FixtureRun(EngineExecutionResults results, long wallMillis) {

    static FixtureRun of(Class<?> fixture) {
        long start = System.nanoTime();
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(fixture)).execute();
        return new FixtureRun(results, (System.nanoTime() - start) / 1_000_000);
    }

    /** Asserts that every test of the fixture passed, and that there were {@code count}. */
    FixtureRun assertPassed(int count) {
        assertThat(failures()).as("failures").isEmpty();
        results.testEvents().assertStatistics(stats -> stats.started(count).succeeded(count));
        return this;
    }

    /** What the fixture's failed tests failed with, in order. */
    List<Throwable> failures() {
        return results.allEvents().failed().stream()
                .map(event -> event.getRequiredPayload(TestExecutionResult.class).getThrowable().orElseThrow())
                .toList();
    }

    /** What the fixture's only failed test failed with. */
    Throwable onlyFailure() {
        List<Throwable> failures = failures();
        assertThat(failures).as("failures").hasSize(1);
        return failures.get(0);
    }

    /** The values published under {@code key} by the fixture's tests. */
    List<String> reportEntries(String key) {
        return results.allEvents().reportingEntryPublished().stream()
                .map(event -> event.getRequiredPayload(ReportEntry.class).getKeyValuePairs().get(key))
                .filter(value -> value != null)
                .toList();
    }

    /** The display names of the fixture's tests that started. */
    List<String> startedTests() {
        return results.testEvents().started().stream().map(Event::getTestDescriptor)
                .map(descriptor -> descriptor.getDisplayName()).toList();
    }
}
