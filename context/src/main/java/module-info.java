/**
 * Spindle's adapter to Micrometer's {@code io.micrometer:context-propagation}:
 * {@link dev.spindle.context.MicrometerContextPropagator} carries every registered
 * {@code ThreadLocalAccessor} (SLF4J MDC, Micrometer Observation and the trace it carries, the
 * application's own) from where a task is created into the task.
 */
module dev.spindle.context {
    requires transitive dev.spindle.core;
    requires transitive context.propagation;
    requires static org.slf4j;

    exports dev.spindle.context;
}
