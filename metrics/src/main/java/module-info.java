/**
 * Spindle's Micrometer metrics: {@link dev.spindle.metrics.SpindleMetrics} records every task's run
 * time, outcome and scheduling delay, and binds Micrometer's virtual-thread meters alongside. The
 * Grafana dashboard for these meters is the resource {@code dev/spindle/metrics/grafana-dashboard.json}.
 * @since 0.1.0
 */
module dev.spindle.metrics {
    requires transitive dev.spindle.core;
    requires transitive micrometer.core;
    requires micrometer.java21;
    // VirtualThreadMetrics reads JFR events; an automatic module cannot ask for it, so this module does.
    requires jdk.jfr;

    exports dev.spindle.metrics;
}
