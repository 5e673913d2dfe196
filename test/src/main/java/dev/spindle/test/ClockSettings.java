package dev.spindle.test;

import dev.spindle.VirtualClock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** A test's {@link VirtualTime}, read and checked: makes the test's {@link VirtualClock}. Immutable. */
record ClockSettings(Long seed, boolean manual, Instant start, Duration stallReportAfter) {

    private static final String DEFAULT_STALL = "PT5S";

    /** The settings of a test without {@link VirtualTime}. */
    static ClockSettings defaults() {
        return new ClockSettings(null, false, null, Duration.parse(DEFAULT_STALL));
    }

    /**
     * Reads {@code annotation}, found on {@code where} (named in messages).
     *
     * @throws ExtensionConfigurationException if a value cannot be read, saying which and why
     */
    static ClockSettings of(VirtualTime annotation, String where) {
        String place = "@VirtualTime on " + where;
        long[] seeds = annotation.seed();
        if (seeds.length > 1) {
            throw new ExtensionConfigurationException(place + ": seed has " + seeds.length
                    + " values; give one (seed = 42), or none for task creation order");
        }
        Instant start = null;
        if (!annotation.start().isEmpty()) {
            try {
                start = Instant.parse(annotation.start());
            } catch (DateTimeParseException e) {
                throw new ExtensionConfigurationException(place + ": start = \"" + annotation.start()
                        + "\" is not an ISO-8601 instant such as \"2026-01-01T00:00:00Z\"", e);
            }
        }
        Duration stall;
        try {
            stall = Duration.parse(annotation.stallReportAfter());
        } catch (DateTimeParseException e) {
            throw new ExtensionConfigurationException(place + ": stallReportAfter = \"" + annotation.stallReportAfter()
                    + "\" is not an ISO-8601 duration such as \"" + DEFAULT_STALL + "\"", e);
        }
        if (stall.isNegative() || stall.isZero()) {
            throw new ExtensionConfigurationException(place + ": stallReportAfter = \"" + annotation.stallReportAfter()
                    + "\" must be positive");
        }
        return new ClockSettings(seeds.length == 1 ? seeds[0] : null, annotation.manual(), start, stall);
    }

    /** A new, unstarted clock with these settings; stalls go to {@code onStall}. */
    VirtualClock newClock(Consumer<VirtualClock.Stall> onStall) {
        VirtualClock clock = manual ? VirtualClock.manual() : VirtualClock.autoAdvancing();
        if (seed != null) {
            clock = clock.withSeed(seed);
        }
        if (start != null) {
            clock = clock.startingAt(start);
        }
        return clock.withStallReport(stallReportAfter, onStall);
    }
}
