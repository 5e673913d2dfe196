package dev.spindle.metrics;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@link SpindleMetrics} shapes its meters. Immutable: each {@code with*} method returns a new
 * configuration; start from {@link #defaults()}.
 *
 * <pre>{@code
 * SpindleMetricsConfig config = SpindleMetricsConfig.defaults()
 *         .withPercentileHistogram(true)
 *         .withCommonTags(Tags.of("service", "checkout"));
 * }</pre>
 *
 * @param percentileHistogram whether {@code <prefix>.task} and {@code <prefix>.task.scheduling} publish
 *     histogram buckets (Prometheus {@code _bucket} series, for {@code histogram_quantile}): the fixed
 *     {@link #TASK_BUCKETS} (1 ms to 30 s, 13 boundaries) and the service level objectives for run time,
 *     {@link #SCHEDULING_BUCKETS} (10 µs to 1 s, 6 boundaries) for scheduling delay; default {@code false}
 * @param serviceLevelObjectives extra histogram boundaries for {@code <prefix>.task}, ascending and
 *     positive; published even without the percentile histogram; default none
 * @param commonTags tags added to every meter the binder registers, the virtual-thread meters
 *     included; default none
 * @param prefix the first part of every Spindle meter name: {@code <prefix>.task},
 *     {@code <prefix>.task.active}, {@code <prefix>.task.oldest}, {@code <prefix>.task.scheduling},
 *     {@code <prefix>.failures.unretrieved}; default {@code spindle}. The shipped Grafana dashboard
 *     expects the default.
 * @param maxRunNames how many distinct values the {@code run} tag may take; tasks of a run whose name
 *     would be a new value past this cap are recorded under {@link SpindleMetrics#OTHER}. Default
 *     {@value #DEFAULT_MAX_RUN_NAMES}.
 * @param maxTaskNames how many distinct values the {@code name} tag may take; tasks whose name would be
 *     a new value past this cap are recorded under {@link SpindleMetrics#OTHER}. Default
 *     {@value #DEFAULT_MAX_TASK_NAMES}.
 * @param maxExceptionNames how many distinct values the {@code exception} tag may take (besides
 *     {@code none}); further exception classes are recorded as {@link SpindleMetrics#OTHER}. Default
 *     {@value #DEFAULT_MAX_EXCEPTION_NAMES}.
 * @param virtualThreadMetrics whether the virtual-thread meters ({@code jvm.threads.virtual.*}: pinning,
 *     failed submits, scheduler gauges) are bound too; default {@code false}: their JFR recording costs
 *     every virtual thread of the JVM, Spindle's or not (a W1 of 100,000 tasks took about a quarter
 *     longer with it on, docs/metrics.md)
 * @param schedulingSampling {@code <prefix>.task.scheduling} records the scheduling delay of one task in
 *     this many (the tasks whose {@code Task.id()} is a multiple of it); 1 records every task. Default
 *     {@value #DEFAULT_SCHEDULING_SAMPLING}: a timer record is most of what the metrics add to a task, and
 *     a delay's mean, quantiles and typical maximum need only a sample. Run time ({@code <prefix>.task})
 *     is always recorded for every task.
 * @since 0.1.0
 */
public record SpindleMetricsConfig(
        boolean percentileHistogram,
        List<Duration> serviceLevelObjectives,
        List<Tag> commonTags,
        String prefix,
        int maxRunNames,
        int maxTaskNames,
        int maxExceptionNames,
        boolean virtualThreadMetrics,
        int schedulingSampling) {

    /** The default cap on distinct {@code run} tag values. */
    public static final int DEFAULT_MAX_RUN_NAMES = 20;
    /**
     * The default cap on distinct {@code name} tag values.
     * @since 0.1.0
     */
    public static final int DEFAULT_MAX_TASK_NAMES = 100;
    /**
     * The default cap on distinct {@code exception} tag values.
     * @since 0.1.0
     */
    public static final int DEFAULT_MAX_EXCEPTION_NAMES = 50;
    /**
     * The default sampling of scheduling delay: one task in 16 is recorded in {@code <prefix>.task.scheduling}.
     * @since 0.1.0
     */
    public static final int DEFAULT_SCHEDULING_SAMPLING = 16;
    /**
     * The default meter name prefix.
     * @since 0.1.0
     */
    public static final String DEFAULT_PREFIX = "spindle";
    /**
     * The histogram boundaries of task run time with the percentile histogram on: 1, 5, 10, 25, 50, 100,
     * 250 and 500 ms, 1, 2.5, 5, 10 and 30 s. With {@code +Inf} that is 14 {@code _bucket} series per timer.
     */
    public static final List<Duration> TASK_BUCKETS = List.of(Duration.ofMillis(1), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2_500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30));
    /**
     * The histogram boundaries of scheduling delay with the percentile histogram on: 10 and 100 µs, 1, 10
     * and 100 ms, 1 s. With {@code +Inf} that is 7 {@code _bucket} series.
     */
    public static final List<Duration> SCHEDULING_BUCKETS = List.of(Duration.ofNanos(10_000),
            Duration.ofNanos(100_000), Duration.ofMillis(1), Duration.ofMillis(10), Duration.ofMillis(100),
            Duration.ofSeconds(1));

    private static final SpindleMetricsConfig DEFAULTS = new SpindleMetricsConfig(false, List.of(), List.of(),
            DEFAULT_PREFIX, DEFAULT_MAX_RUN_NAMES, DEFAULT_MAX_TASK_NAMES, DEFAULT_MAX_EXCEPTION_NAMES, false,
            DEFAULT_SCHEDULING_SAMPLING);

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException if a list, an element of one, or {@code prefix} is {@code null}
     * @throws IllegalArgumentException if an objective is not positive or they are not strictly
     *     ascending, {@code prefix} is blank or starts or ends with a dot, or a cap or
     *     {@code schedulingSampling} is less than 1
     * @since 0.1.0
     */
    public SpindleMetricsConfig {
        serviceLevelObjectives = List.copyOf(Objects.requireNonNull(serviceLevelObjectives, "serviceLevelObjectives"));
        for (int i = 0; i < serviceLevelObjectives.size(); i++) {
            Duration d = serviceLevelObjectives.get(i);
            check(!d.isNegative() && !d.isZero(), "service level objectives must be positive: " + d);
            check(i == 0 || d.compareTo(serviceLevelObjectives.get(i - 1)) > 0,
                    "service level objectives must be strictly ascending: " + serviceLevelObjectives);
        }
        commonTags = List.copyOf(Objects.requireNonNull(commonTags, "commonTags"));
        Objects.requireNonNull(prefix, "prefix");
        check(!prefix.isBlank() && !prefix.startsWith(".") && !prefix.endsWith("."),
                "prefix must be a non-blank meter name without a leading or trailing dot: '" + prefix + "'");
        check(maxRunNames >= 1, "maxRunNames must be at least 1: " + maxRunNames);
        check(maxTaskNames >= 1, "maxTaskNames must be at least 1: " + maxTaskNames);
        check(maxExceptionNames >= 1, "maxExceptionNames must be at least 1: " + maxExceptionNames);
        check(schedulingSampling >= 1, "schedulingSampling must be at least 1 (1 records every task): "
                + schedulingSampling);
    }

    /**
     * The defaults: no percentile histogram, no objectives, no common tags, prefix {@code spindle},
     * caps of {@value #DEFAULT_MAX_RUN_NAMES} run names, {@value #DEFAULT_MAX_TASK_NAMES} task names and
     * {@value #DEFAULT_MAX_EXCEPTION_NAMES} exception names, virtual-thread meters bound, the scheduling
     * delay of one task in {@value #DEFAULT_SCHEDULING_SAMPLING} recorded.
     *
     * @return the default configuration
     * @since 0.1.0
     */
    public static SpindleMetricsConfig defaults() {
        return DEFAULTS;
    }

    /**
     * The same configuration with the percentile histogram on or off.
     *
     * @param enabled whether to publish it
     * @return a new configuration
     * @since 0.1.0
     */
    public SpindleMetricsConfig withPercentileHistogram(boolean enabled) {
        return new SpindleMetricsConfig(enabled, serviceLevelObjectives, commonTags, prefix,
                maxRunNames, maxTaskNames, maxExceptionNames, virtualThreadMetrics, schedulingSampling);
    }

    /**
     * The same configuration with these histogram boundaries for task run time.
     *
     * @param objectives positive, strictly ascending durations
     * @return a new configuration
     * @throws NullPointerException if {@code objectives} or an element is {@code null}
     * @throws IllegalArgumentException if they are not positive and strictly ascending
     * @since 0.1.0
     */
    public SpindleMetricsConfig withServiceLevelObjectives(Duration... objectives) {
        return new SpindleMetricsConfig(percentileHistogram, List.of(objectives), commonTags, prefix,
                maxRunNames, maxTaskNames, maxExceptionNames, virtualThreadMetrics, schedulingSampling);
    }

    /**
     * The same configuration with these tags on every meter (replacing earlier common tags).
     *
     * @param tags the tags
     * @return a new configuration
     * @throws NullPointerException if {@code tags} is {@code null}
     * @since 0.1.0
     */
    public SpindleMetricsConfig withCommonTags(Iterable<Tag> tags) {
        List<Tag> copy = new ArrayList<>();
        Tags.of(Objects.requireNonNull(tags, "tags")).forEach(copy::add);
        return new SpindleMetricsConfig(percentileHistogram, serviceLevelObjectives, copy, prefix,
                maxRunNames, maxTaskNames, maxExceptionNames, virtualThreadMetrics, schedulingSampling);
    }

    /**
     * The same configuration with another meter name prefix.
     *
     * @param prefix for example {@code myapp.spindle}
     * @return a new configuration
     * @throws NullPointerException if {@code prefix} is {@code null}
     * @throws IllegalArgumentException if it is blank or starts or ends with a dot
     * @since 0.1.0
     */
    public SpindleMetricsConfig withPrefix(String prefix) {
        return new SpindleMetricsConfig(percentileHistogram, serviceLevelObjectives, commonTags, prefix,
                maxRunNames, maxTaskNames, maxExceptionNames, virtualThreadMetrics, schedulingSampling);
    }

    /**
     * The same configuration with another cap on distinct {@code run} tag values.
     *
     * @param max at least 1
     * @return a new configuration
     * @throws IllegalArgumentException if {@code max} is less than 1
     */
    public SpindleMetricsConfig withMaxRunNames(int max) {
        return new SpindleMetricsConfig(percentileHistogram, serviceLevelObjectives, commonTags, prefix, max,
                maxTaskNames, maxExceptionNames, virtualThreadMetrics, schedulingSampling);
    }

    /**
     * The same configuration with another cap on distinct {@code name} tag values.
     *
     * @param max at least 1
     * @return a new configuration
     * @throws IllegalArgumentException if {@code max} is less than 1
     * @since 0.1.0
     */
    public SpindleMetricsConfig withMaxTaskNames(int max) {
        return new SpindleMetricsConfig(percentileHistogram, serviceLevelObjectives, commonTags, prefix, maxRunNames,
                max, maxExceptionNames, virtualThreadMetrics, schedulingSampling);
    }

    /**
     * The same configuration with another cap on distinct {@code exception} tag values.
     *
     * @param max at least 1
     * @return a new configuration
     * @throws IllegalArgumentException if {@code max} is less than 1
     * @since 0.1.0
     */
    public SpindleMetricsConfig withMaxExceptionNames(int max) {
        return new SpindleMetricsConfig(percentileHistogram, serviceLevelObjectives, commonTags, prefix, maxRunNames,
                maxTaskNames, max, virtualThreadMetrics, schedulingSampling);
    }

    /**
     * The same configuration with the virtual-thread meters bound or not (off by default). Binding them
     * starts a JFR recording of pinned virtual threads and failed submits, which every virtual thread of
     * the JVM then pays for as it starts and parks: turn them on where that cost is measured and accepted.
     *
     * @param enabled whether the {@code jvm.threads.virtual.*} meters are bound with the Spindle meters
     * @return a new configuration
     * @since 0.1.0
     */
    public SpindleMetricsConfig withVirtualThreadMetrics(boolean enabled) {
        return new SpindleMetricsConfig(percentileHistogram, serviceLevelObjectives, commonTags, prefix,
                maxRunNames, maxTaskNames, maxExceptionNames, enabled, schedulingSampling);
    }

    /**
     * The same configuration recording the scheduling delay of one task in {@code oneIn}.
     *
     * @param oneIn 1 to record every task's scheduling delay, {@code n} for the tasks whose id is a
     *     multiple of {@code n}
     * @return a new configuration
     * @throws IllegalArgumentException if {@code oneIn} is less than 1
     * @since 0.1.0
     */
    public SpindleMetricsConfig withSchedulingSampling(int oneIn) {
        return new SpindleMetricsConfig(percentileHistogram, serviceLevelObjectives, commonTags, prefix,
                maxRunNames, maxTaskNames, maxExceptionNames, virtualThreadMetrics, oneIn);
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
