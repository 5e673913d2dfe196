/**
 * Spindle's Micrometer metrics: {@link dev.spindle.metrics.SpindleMetrics} records every task's run
 * time, outcome and scheduling delay, and binds the virtual-thread meters alongside. The
 * Grafana dashboard for these meters is the resource {@code dev/spindle/metrics/grafana-dashboard.json}.
 * @since 0.1.0
 */
module dev.spindle.metrics {
    requires transitive dev.spindle.core;
    requires transitive micrometer.core;
    // the virtual-thread meters read JFR events (and, on JDK 24+, the scheduler's MXBean reflectively)
    requires jdk.jfr;
    requires java.management;

    exports dev.spindle.metrics;
}
