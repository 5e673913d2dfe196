package dev.spindle.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated test method, or every test method of the annotated class, in a Spindle run with
 * virtual time, and sets up its {@link dev.spindle.VirtualClock}. It registers {@link SpindleExtension}
 * itself, so it is enough on its own; on a test already run by the extension it only changes the clock.
 *
 * <pre>{@code
 * @Test
 * @VirtualTime(seed = 42, start = "2026-01-01T00:00:00Z")
 * void backsOffThirtySecondsThenSixty(VirtualClock clock) { ... }
 * }</pre>
 *
 * <p>The nearest annotation wins, whole: the method's, else its class's, else an enclosing class's (for a
 * {@code @Nested} class). Without any, a test of the extension gets an
 * {@linkplain dev.spindle.VirtualClock#autoAdvancing() auto-advancing} clock, starting at the wall-clock
 * instant the test starts, with wake-ups due at the same instant in task creation order and a stall report
 * after 5 s. A value the extension cannot read (a {@code start} that is not an instant, a {@code seed}
 * with two values) fails the test with an
 * {@link org.junit.jupiter.api.extension.ExtensionConfigurationException} that names the annotation and
 * the test.
 *
 * @since 0.1.0
 */
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(SpindleExtension.class)
public @interface VirtualTime {

    /**
     * The seed that orders wake-ups due at the same virtual instant pseudo-randomly
     * ({@link dev.spindle.VirtualClock#withSeed(long)}): {@code seed = 42}. Empty (the default): task
     * creation order. At most one value.
     *
     * @return no value, or the seed
     * @since 0.1.0
     */
    long[] seed() default {};

    /**
     * Whether the clock moves only when the test says so ({@link dev.spindle.VirtualClock#manual()}: by
     * {@code advanceBy}, {@code advanceUntilIdle} and {@code runCurrent} on the injected clock) instead of
     * jumping by itself whenever every task waits ({@link dev.spindle.VirtualClock#autoAdvancing()}, the
     * default).
     *
     * @return {@code true} for a manual clock
     * @since 0.1.0
     */
    boolean manual() default false;

    /**
     * The instant virtual time starts at, in ISO-8601 as {@link java.time.Instant#parse} reads it, such as
     * {@code "2026-01-01T00:00:00Z"}. Empty (the default): the wall-clock instant the test starts.
     *
     * @return the start instant, or empty
     * @since 0.1.0
     */
    String start() default "";

    /**
     * After how long of wall-clock time without progress of virtual time a stall is reported
     * ({@link dev.spindle.VirtualClock#withStallReport}), in ISO-8601 as {@link java.time.Duration#parse}
     * reads it, such as {@code "PT10S"}; positive. A stall is logged at once as a warning of the
     * {@code dev.spindle} logger, naming the tasks that hold time, and published as a report entry of the
     * test (key {@code spindle.stall}) when the test ends.
     *
     * @return the interval
     * @since 0.1.0
     */
    String stallReportAfter() default "PT5S";
}
