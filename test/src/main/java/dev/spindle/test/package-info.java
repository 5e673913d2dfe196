/**
 * JUnit 5 support for code that uses Spindle: run a test method as the main task of a run with virtual
 * time ({@link dev.spindle.test.SpindleTest}, {@link dev.spindle.test.SpindleExtension}), have its
 * {@link dev.spindle.VirtualClock} injected, and set the clock up with {@link dev.spindle.test.VirtualTime}.
 *
 * @since 0.1.0
 */
package dev.spindle.test;
