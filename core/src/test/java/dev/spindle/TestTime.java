package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Time for the scenario tests, on whichever clock their run has: the system's, or the virtual clock that
 * {@code -Dspindle.virtualTime=auto} gives every run (core's surefire execution {@code virtual-time} runs the
 * scenario tests of timed waits a second time that way). Under real time a timed event is asserted with
 * generous bounds ("not before 100 ms and not after 100 ms + slack"); under virtual time the same event
 * happens at exactly its virtual instant, so the bound collapses to that instant.
 *
 * <p>Stateless; any thread.
 */
public final class TestTime {

    private TestTime() {}

    /** Whether this JVM runs every run on an auto-advancing virtual clock ({@code -Dspindle.virtualTime=auto}). */
    public static boolean virtual() {
        return "auto".equals(System.getProperty(Runner.VIRTUAL_TIME_PROPERTY));
    }

    /**
     * Nanoseconds on the calling thread's clock, for differences only: the virtual time elapsed in its
     * run if the run has virtual time, else {@link System#nanoTime()}. Call it from a task of the run.
     */
    public static long nanoTime() {
        return VirtualClock.current().map(c -> c.elapsed().toNanos()).orElseGet(System::nanoTime);
    }

    /** Whole milliseconds on the calling thread's clock since {@code startNanos} (a {@link #nanoTime()}). */
    public static long millisSince(long startNanos) {
        return (nanoTime() - startNanos) / 1_000_000L;
    }

    /**
     * Asserts that an event happened {@code expected} ms after some start: under real time not before
     * {@code expected - 1} (timer rounding) and not after {@code expected + slack}; under virtual time
     * exactly at {@code expected}.
     *
     * @param what what is measured, for the failure message
     */
    public static void assertMillis(String what, double actual, double expected, double slack) {
        if (virtual()) {
            assertThat(actual).as("%s, under virtual time", what).isEqualTo(expected);
        } else {
            assertThat(actual).as(what).isBetween(expected - 1.0, expected + slack);
        }
    }

    /** {@link #assertMillis(String, double, double, double)} for whole milliseconds. */
    public static void assertMillis(String what, long actual, long expected, long slack) {
        assertMillis(what, (double) actual, (double) expected, (double) slack);
    }
}
