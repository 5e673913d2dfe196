package dev.spindle.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.Runner;
import dev.spindle.Spindle;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** What each option of {@link SpindleMetricsConfig} changes, and how it refuses bad values. */
class ConfigTest {

    private static final SpindleMetricsConfig BASE = SpindleMetricsConfig.defaults().withVirtualThreadMetrics(false)
            .withSchedulingSampling(1);

    private static void runSomeTasks(Fixture f) {
        f.runner.run(() -> Spindle.gatherSettled( // a success that sleeps 30 ms and a failure
                () -> { Spindle.sleep(30); return 1; },
                () -> { throw new IllegalStateException(); }));
    }

    @Nested
    class Meters {

        @Test
        void everyMeterHasADescriptionAndABaseUnit() {
            try (Fixture f = new Fixture(SpindleMetricsConfig.defaults())) {
                runSomeTasks(f);
                f.runner.run(() -> { // an unretrieved failure, so that every kind of meter exists
                    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
                    Spindle.createTask(() -> { throw new IllegalStateException(); }).onDone(t -> done.countDown());
                    done.await();
                    return null;
                });
                List<Meter> spindle = f.registry.getMeters().stream()
                        .filter(m -> m.getId().getName().startsWith("spindle.")).toList();
                assertThat(spindle).extracting(m -> m.getId().getName()).contains("spindle.task",
                        "spindle.task.active", "spindle.task.oldest", "spindle.task.scheduling",
                        "spindle.failures.unretrieved");
                // Spindle's own meters; the virtual-thread ones keep Micrometer's names and units (some have none)
                assertThat(spindle).allSatisfy(m -> {
                    assertThat(m.getId().getDescription()).as(m.getId().toString()).isNotBlank();
                    assertThat(m.getId().getBaseUnit()).as(m.getId().toString()).isNotBlank();
                });
                assertThat(f.registry.get("spindle.failures.unretrieved").counter().getId().getBaseUnit())
                        .isEqualTo("tasks");
                assertThat(f.registry.get("spindle.task").tag("outcome", "success").timer().getId().getBaseUnit())
                        .isEqualTo("seconds");
            }
        }

        @Test
        void withoutOptionsNoHistogramIsPublished() {
            try (Fixture f = new Fixture(BASE)) {
                runSomeTasks(f);
                assertThat(f.registry.get("spindle.task").tag("outcome", "success").timer().takeSnapshot()
                        .histogramCounts()).isEmpty();
            }
        }

        @Test
        void thePercentileHistogramPublishesBucketsForRunTimeAndSchedulingDelay() {
            // Micrometer publishes percentile-histogram buckets only to registries that aggregate them
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            SpindleMetrics metrics = new SpindleMetrics(BASE.withPercentileHistogram(true));
            metrics.bindTo(prometheus);
            Runner.create().withObserver(metrics).run(() -> Spindle.createTask("quick", () -> 1).join());
            String text = prometheus.scrape();
            metrics.close();

            String quick = "spindle_task_seconds_bucket{cause=\"none\",exception=\"none\",name=\"quick\",outcome=\"success\","
                    + "reason=\"none\",run=\"run\",";
            assertThat(text).contains(quick + "le=\"0.001\"}")
                    .contains(quick + "le=\"30.0\"}")
                    .contains(quick + "le=\"+Inf\"} 1")
                    .contains("spindle_task_scheduling_seconds_bucket{le=\"1.0E-5\"}")
                    .contains("spindle_task_scheduling_seconds_count 2");
            long quickBuckets = text.lines().filter(l -> l.startsWith("spindle_task_seconds_bucket{")
                    && l.contains("name=\"quick\"")).count();
            assertThat(quickBuckets).as("the 13 task buckets and +Inf").isEqualTo(14);
            long schedulingBuckets = text.lines().filter(l -> l.startsWith("spindle_task_scheduling_seconds_bucket{"))
                    .count();
            assertThat(schedulingBuckets).as("the 6 scheduling buckets and +Inf").isEqualTo(7);
        }

        @Test
        void objectivesAreMergedIntoTheHistogramsBuckets() {
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            SpindleMetrics metrics = new SpindleMetrics(BASE.withPercentileHistogram(true)
                    .withServiceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(200)));
            metrics.bindTo(prometheus);
            Runner.create().withObserver(metrics).run(() -> Spindle.createTask("quick", () -> 1).join());
            String text = prometheus.scrape();
            metrics.close();

            long quickBuckets = text.lines().filter(l -> l.startsWith("spindle_task_seconds_bucket{")
                    && l.contains("name=\"quick\"")).count();
            assertThat(quickBuckets).as("50 ms is one of the 13 already; 200 ms is new").isEqualTo(15);
            assertThat(text).contains("le=\"0.2\"}");
        }

        @Test
        void withoutTheOptionPrometheusGetsNoBuckets() {
            PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            SpindleMetrics metrics = new SpindleMetrics(BASE);
            metrics.bindTo(prometheus);
            Runner.create().withObserver(metrics).run(() -> Spindle.createTask("quick", () -> 1).join());
            String text = prometheus.scrape();
            metrics.close();

            assertThat(text).contains("spindle_task_seconds_count{cause=\"none\",exception=\"none\",name=\"quick\","
                    + "outcome=\"success\",reason=\"none\",run=\"run\"} 1")
                    .doesNotContain("_bucket");
        }

        @Test
        void serviceLevelObjectivesBecomeBuckets() {
            try (Fixture f = new Fixture(BASE.withServiceLevelObjectives(Duration.ofMillis(10), Duration.ofSeconds(1)))) {
                runSomeTasks(f);
                Timer sleeper = f.registry.get("spindle.task").tag("outcome", "success").timer();
                CountAtBucket[] buckets = sleeper.takeSnapshot().histogramCounts();
                assertThat(Arrays.stream(buckets).map(b -> b.bucket(java.util.concurrent.TimeUnit.MILLISECONDS)))
                        .containsExactly(10.0, 1000.0);
                assertThat(buckets[0].count()).as("nothing that slept 30 ms is under 10 ms").isZero();
                assertThat(buckets[1].count()).isEqualTo(2);
            }
        }

        @Test
        void commonTagsAreOnEveryMeter() {
            try (Fixture f = new Fixture(BASE.withCommonTags(Tags.of("service", "checkout")))) {
                runSomeTasks(f);
                assertThat(f.registry.getMeters()).hasSizeGreaterThanOrEqualTo(5).allSatisfy(m ->
                        assertThat(m.getId().getTags()).as(m.getId().toString()).contains(Tag.of("service", "checkout")));
            }
        }

        @Test
        void thePrefixReplacesSpindleInEveryName() {
            try (Fixture f = new Fixture(BASE.withPrefix("shop.jobs"))) {
                runSomeTasks(f);
                assertThat(f.registry.getMeters()).extracting(m -> m.getId().getName()).containsOnly(
                        "shop.jobs.task", "shop.jobs.task.active", "shop.jobs.task.oldest", "shop.jobs.task.scheduling",
                        "shop.jobs.failures.unretrieved");
            }
        }
    }

    @Nested
    class Validation {

        @Test
        void defaultsAreAsDocumented() {
            SpindleMetricsConfig d = SpindleMetricsConfig.defaults();
            assertThat(d.percentileHistogram()).isFalse();
            assertThat(d.serviceLevelObjectives()).isEmpty();
            assertThat(d.commonTags()).isEmpty();
            assertThat(d.prefix()).isEqualTo("spindle");
            assertThat(d.maxRunNames()).isEqualTo(20);
            assertThat(d.maxTaskNames()).isEqualTo(100);
            assertThat(d.maxExceptionNames()).isEqualTo(50);
            assertThat(d.virtualThreadMetrics()).isFalse();
        }

        @Test
        void withersReturnNewConfigurationsAndLeaveTheOriginal() {
            SpindleMetricsConfig d = SpindleMetricsConfig.defaults();
            SpindleMetricsConfig changed = d.withPercentileHistogram(true).withMaxTaskNames(5).withPrefix("x")
                    .withMaxRunNames(3);
            assertThat(changed).isNotSameAs(d);
            assertThat(changed.maxRunNames()).isEqualTo(3);
            assertThat(changed.percentileHistogram()).isTrue();
            assertThat(changed.maxTaskNames()).isEqualTo(5);
            assertThat(changed.prefix()).isEqualTo("x");
            assertThat(d).isEqualTo(SpindleMetricsConfig.defaults());
            assertThat(d.maxTaskNames()).isEqualTo(100);
        }

        @Test
        void objectivesMustBePositiveAndAscending() {
            assertThatThrownBy(() -> BASE.withServiceLevelObjectives(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
            assertThatThrownBy(() -> BASE.withServiceLevelObjectives(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
            assertThatThrownBy(() -> BASE.withServiceLevelObjectives(Duration.ofSeconds(1), Duration.ofMillis(10)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending");
            assertThatThrownBy(() -> BASE.withServiceLevelObjectives(Duration.ofSeconds(1), Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending");
            assertThatThrownBy(() -> BASE.withServiceLevelObjectives(Duration.ofSeconds(1), null))
                    .isInstanceOf(NullPointerException.class);
        }

        @Test
        void thePrefixMustBeANonBlankNameWithoutOuterDots() {
            for (String bad : List.of("", "  ", ".spindle", "spindle.")) {
                assertThatThrownBy(() -> BASE.withPrefix(bad)).as("'" + bad + "'")
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prefix");
            }
            assertThatThrownBy(() -> BASE.withPrefix(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("prefix");
        }

        @Test
        void capsMustBeAtLeastOne() {
            assertThatThrownBy(() -> BASE.withMaxRunNames(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRunNames");
            assertThatThrownBy(() -> BASE.withMaxTaskNames(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxTaskNames");
            assertThatThrownBy(() -> BASE.withMaxExceptionNames(-3))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxExceptionNames");
        }

        @Test
        void schedulingSamplingMustBeAtLeastOne() {
            assertThatThrownBy(() -> BASE.withSchedulingSampling(0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("schedulingSampling")
                    .hasMessageContaining("1 records every task");
            assertThat(BASE.withSchedulingSampling(1).schedulingSampling()).isEqualTo(1);
            assertThat(BASE.withSchedulingSampling(64).withPrefix("x").schedulingSampling()).isEqualTo(64);
        }

        @Test
        void commonTagsAreCopied() {
            assertThatThrownBy(() -> BASE.withCommonTags(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("tags");
            assertThat(BASE.withCommonTags(Tags.of("a", "1", "b", "2")).commonTags())
                    .containsExactly(Tag.of("a", "1"), Tag.of("b", "2"));
        }
    }
}
