/**
 * Spindle's JUnit 5 support: {@link dev.spindle.test.SpindleExtension} runs each test method in a Spindle
 * run with virtual time and injects its {@link dev.spindle.VirtualClock}; {@link dev.spindle.test.SpindleTest}
 * marks such a test in one annotation, and {@link dev.spindle.test.VirtualTime} sets the clock up (seed,
 * manual control, start instant, stall report). Add it to a project with {@code <scope>test</scope>}.
 * @since 0.1.0
 */
module dev.spindle.test {
    requires transitive dev.spindle.core;
    requires transitive org.junit.jupiter.api;

    exports dev.spindle.test;
}
