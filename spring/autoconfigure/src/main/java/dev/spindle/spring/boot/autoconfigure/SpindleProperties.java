package dev.spindle.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Spindle's settings in a Spring Boot application, under {@code spindle.*}. Every part of the
 * auto-configuration can be switched off with its {@code enabled} property; the actuator endpoint is
 * switched with Spring Boot's own {@code management.endpoint.spindle.*} and exposure properties.
 *
 * <p>Not thread-safe: bound once by Spring at start-up, read afterwards.
 *
 * @since 0.1.0
 */
@ConfigurationProperties(prefix = "spindle")
public class SpindleProperties {

    private final Metrics metrics = new Metrics();
    private final Context context = new Context();
    private final Shutdown shutdown = new Shutdown();

    /**
     * Creates the defaults; Spring binds the properties.
     */
    public SpindleProperties() {}

    /**
     * The task metrics settings.
     *
     * @return the metrics settings
     */
    public Metrics getMetrics() {
        return metrics;
    }

    /**
     * The context propagation settings.
     *
     * @return the context settings
     */
    public Context getContext() {
        return context;
    }

    /**
     * The graceful shutdown settings.
     *
     * @return the shutdown settings
     */
    public Shutdown getShutdown() {
        return shutdown;
    }

    /** Task metrics ({@code spindle.metrics.*}): Spindle's {@code SpindleMetrics} on the application's {@code MeterRegistry}. */
    public static class Metrics {

        /** Whether every Spindle task is recorded in the application's MeterRegistry. */
        private boolean enabled = true;

        /** Prefix of the meter names; the Grafana dashboard expects the default. */
        private String prefix = "spindle";

        /** Whether the task timers publish a percentile histogram (for histogram_quantile in Prometheus). */
        private boolean percentileHistogram = false;

        /** Service level objectives of the task run-time timer, as published histogram buckets. */
        private List<Duration> serviceLevelObjectives = new ArrayList<>();

        /** How many distinct run names the run tag takes; later runs are recorded as "other". */
        private int maxRunNames = 20;

        /** How many distinct task names the name tag takes; later names are recorded as "other". */
        private int maxTaskNames = 100;

        /** How many distinct exception names the exception tag takes; later ones are recorded as "other". */
        private int maxExceptionNames = 50;

        /**
         * For which tasks the scheduling delay is recorded: one in this many (by task id); 1 records every
         * task. Each recorded delay is one timer record more for its task.
         */
        private int schedulingSampling = 16;

        /**
         * Whether Spindle binds the virtual-thread meters (jvm.threads.virtual.*), which start a JFR recording
         * that every virtual thread of the JVM pays for. Even when true, they are left to the application's own
         * VirtualThreadMetrics bean if it has one (Spring Boot binds one when micrometer-java21 is present).
         */
        private boolean virtualThreadMetrics = false;

        /**
         * Creates the defaults.
         */
        public Metrics() {}

        /** @return whether metrics are on */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether metrics are on */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the meter name prefix */
        public String getPrefix() {
            return prefix;
        }

        /** @param prefix the meter name prefix */
        public void setPrefix(String prefix) {
            this.prefix = prefix;
        }

        /** @return whether a percentile histogram is published */
        public boolean isPercentileHistogram() {
            return percentileHistogram;
        }

        /** @param percentileHistogram whether a percentile histogram is published */
        public void setPercentileHistogram(boolean percentileHistogram) {
            this.percentileHistogram = percentileHistogram;
        }

        /** @return the service level objectives */
        public List<Duration> getServiceLevelObjectives() {
            return serviceLevelObjectives;
        }

        /** @param serviceLevelObjectives the service level objectives */
        public void setServiceLevelObjectives(List<Duration> serviceLevelObjectives) {
            this.serviceLevelObjectives = serviceLevelObjectives;
        }

        /** @return the cap on run names */
        public int getMaxRunNames() {
            return maxRunNames;
        }

        /** @param maxRunNames the cap on run names */
        public void setMaxRunNames(int maxRunNames) {
            this.maxRunNames = maxRunNames;
        }

        /** @return one task in how many has its scheduling delay recorded */
        public int getSchedulingSampling() {
            return schedulingSampling;
        }

        /** @param schedulingSampling one task in how many has its scheduling delay recorded (1: every task) */
        public void setSchedulingSampling(int schedulingSampling) {
            this.schedulingSampling = schedulingSampling;
        }

        /** @return the cap on task names */
        public int getMaxTaskNames() {
            return maxTaskNames;
        }

        /** @param maxTaskNames the cap on task names */
        public void setMaxTaskNames(int maxTaskNames) {
            this.maxTaskNames = maxTaskNames;
        }

        /** @return the cap on exception names */
        public int getMaxExceptionNames() {
            return maxExceptionNames;
        }

        /** @param maxExceptionNames the cap on exception names */
        public void setMaxExceptionNames(int maxExceptionNames) {
            this.maxExceptionNames = maxExceptionNames;
        }

        /** @return whether Spindle binds the virtual-thread meters */
        public boolean isVirtualThreadMetrics() {
            return virtualThreadMetrics;
        }

        /** @param virtualThreadMetrics whether Spindle binds the virtual-thread meters */
        public void setVirtualThreadMetrics(boolean virtualThreadMetrics) {
            this.virtualThreadMetrics = virtualThreadMetrics;
        }
    }

    /** Context propagation ({@code spindle.context.*}). */
    public static class Context {

        /**
         * Whether MDC, the current observation and trace, and every ThreadLocalAccessor in Micrometer's
         * ContextRegistry flow from where a task is created into the task.
         */
        private boolean enabled = true;

        /**
         * Creates the defaults.
         */
        public Context() {}

        /** @return whether context propagation is on */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether context propagation is on */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Graceful shutdown ({@code spindle.shutdown.*}). */
    public static class Shutdown {

        /**
         * Whether stopping the application context cancels every live Spindle run and waits for it, up to
         * the grace.
         */
        private boolean enabled = true;

        /**
         * How long to wait for the runs' finally blocks and shields before interrupting what is left. Unset:
         * spring.lifecycle.timeout-per-shutdown-phase; never more than that.
         */
        private Duration grace;

        /**
         * Creates the defaults.
         */
        public Shutdown() {}

        /** @return whether graceful shutdown is on */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether graceful shutdown is on */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        /** @return the grace, or {@code null} for the shutdown phase's timeout */
        public Duration getGrace() {
            return grace;
        }

        /** @param grace the grace, or {@code null} for the shutdown phase's timeout */
        public void setGrace(Duration grace) {
            this.grace = grace;
        }
    }
}
