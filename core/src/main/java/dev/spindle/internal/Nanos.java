package dev.spindle.internal;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;

/**
 * Spindle's one place for time arithmetic that must not overflow: a {@link Duration} or an
 * {@link Instant} too far away for a {@code long} of nanoseconds means "effectively never", not an
 * {@link ArithmeticException} in the middle of a wait.
 *
 * <p>A {@link System#nanoTime()} deadline is compared only by difference ({@code deadline - nanoTime()}),
 * as the JDK requires; {@link #deadline(long)} keeps that difference correct for every input.
 *
 * <p>Not part of the API: this package is not exported. Stateless and safe to call from any thread.
 */
public final class Nanos {

    private Nanos() {}

    /**
     * {@code d} in nanoseconds, saturated: zero for a zero or negative duration, {@link Long#MAX_VALUE}
     * for one too long to represent (about 292 years or more).
     *
     * @param d the duration
     * @return the nanoseconds, between 0 and {@code Long.MAX_VALUE}
     */
    public static long of(Duration d) {
        if (d.isNegative()) {
            return 0L;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * The nanoseconds from now until {@code deadline}, saturated: zero for a deadline that has passed,
     * {@link Long#MAX_VALUE} for one too far away to represent.
     *
     * @param deadline the instant
     * @return the nanoseconds, between 0 and {@code Long.MAX_VALUE}
     */
    public static long until(Instant deadline) {
        Instant now = Clocks.now();
        if (!deadline.isAfter(now)) {
            return 0L;
        }
        return of(Duration.between(now, deadline));
    }

    /**
     * The {@link System#nanoTime()} deadline {@code nanos} from now. For {@code nanos} up to
     * {@link Long#MAX_VALUE}, {@code deadline - System.nanoTime()} stays positive until {@code nanos} have
     * passed (for the largest values that is centuries), whatever the clock's origin.
     *
     * @param nanos the time allowed, zero or more
     * @return the deadline
     */
    public static long deadline(long nanos) {
        return Clocks.nanoTime() + nanos; // wraps for large values; differences stay right
    }

    /**
     * {@code now + d}, saturated to {@link Instant#MIN} or {@link Instant#MAX}.
     *
     * @param now the instant
     * @param d the duration, may be negative
     * @return the sum, or the nearest end of the time line
     */
    public static Instant plus(Instant now, Duration d) {
        try {
            return now.plus(d);
        } catch (ArithmeticException | DateTimeException outOfRange) {
            return d.isNegative() ? Instant.MIN : Instant.MAX;
        }
    }
}
