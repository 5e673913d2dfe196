package dev.spindle.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test method that runs as the main task of a Spindle run with virtual time: {@code @Test} and
 * {@code @ExtendWith(SpindleExtension.class)} in one annotation. Add {@link VirtualTime} to the method or
 * its class to set the clock up.
 *
 * <pre>{@code
 * @SpindleTest
 * void givesUpAfterTwoMinutes(VirtualClock clock) {
 *     assertThrows(DeadlineExceededException.class,
 *             () -> Spindle.timeout(Duration.ofMinutes(2), () -> client.fetchWithRetries()));
 *     assertEquals(Duration.ofMinutes(2), clock.elapsed());
 * }
 * }</pre>
 *
 * @see SpindleExtension
 * @since 0.1.0
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(SpindleExtension.class)
public @interface SpindleTest {
}
