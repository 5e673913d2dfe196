package dev.spindle.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.Runner;
import dev.spindle.Spindle;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Binding, closing and global installation. */
class LifecycleTest {

    private static final SpindleMetricsConfig NO_VIRTUAL_THREADS =
            SpindleMetricsConfig.defaults().withVirtualThreadMetrics(false);

    @Nested
    class Close {

        @Test
        void closeRemovesEveryMeterItRegisteredAndNoOther() {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Counter foreign = registry.counter("someone.else");
            SpindleMetrics metrics = new SpindleMetrics(SpindleMetricsConfig.defaults().withVirtualThreadMetrics(true));
            metrics.bindTo(registry);
            Runner.create().withObserver(metrics).run(() -> Spindle.gatherSettled(
                    () -> 1,
                    () -> { throw new IllegalStateException(); }));
            assertThat(registry.getMeters()).extracting(m -> m.getId().getName())
                    .contains("spindle.task", "spindle.task.active", "spindle.task.scheduling",
                            "spindle.failures.unretrieved", "jvm.threads.virtual.pinned",
                            "jvm.threads.virtual.submit.failed");

            metrics.close();

            assertThat(registry.getMeters()).containsExactly(foreign);
        }

        @Test
        void eventsAfterCloseRecordNothingAndRegisterNothing() {
            try (Fixture f = new Fixture()) {
                f.metrics.close();
                f.runner.run(() -> Spindle.gather(() -> 1, () -> 2));
                assertThat(f.registry.getMeters()).isEmpty();
            }
        }

        @Test
        void closeWhileTasksRunDoesNotDisturbThem() throws Exception {
            try (Fixture f = new Fixture()) {
                CountDownLatch started = new CountDownLatch(1);
                CountDownLatch closed = new CountDownLatch(1);
                Thread closer = Thread.ofVirtual().start(() -> {
                    try {
                        started.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    f.metrics.close();
                    closed.countDown();
                });
                int result = f.runner.run(() -> Spindle.createTask("straddler", () -> {
                    started.countDown();
                    closed.await();
                    return 7;
                }).join());
                closer.join();
                assertThat(result).isEqualTo(7);
                assertThat(f.registry.getMeters()).isEmpty();
            }
        }

        @Test
        void closeIsIdempotent() {
            try (Fixture f = new Fixture()) {
                f.metrics.close();
                f.metrics.close();
                assertThat(f.registry.getMeters()).isEmpty();
            }
        }
    }

    @Nested
    class Binding {

        @Test
        void eventsBeforeBindingAreNotRecordedAndDoNotFail() {
            SpindleMetrics metrics = new SpindleMetrics(NO_VIRTUAL_THREADS);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Runner runner = Runner.create().withObserver(metrics);
            assertThat(runner.run(() -> Spindle.gather(() -> 1, () -> 2))).containsExactly(1, 2);

            metrics.bindTo(registry);
            runner.run(() -> Spindle.createTask("after", () -> 1).join());
            assertThat(registry.get("spindle.task").tags("name", "after").timer().count()).isEqualTo(1);
            assertThat(registry.get("spindle.task").tags("name", "task").timer().count()).as("main of the 2nd run")
                    .isEqualTo(1);
            metrics.close();
        }

        @Test
        void bindingTwiceToTheSameRegistryDoesNothing() {
            try (Fixture f = new Fixture()) {
                int before = f.registry.getMeters().size();
                f.metrics.bindTo(f.registry);
                assertThat(f.registry.getMeters()).hasSize(before);
            }
        }

        @Test
        void bindingToASecondRegistryIsRefused() {
            try (Fixture f = new Fixture()) {
                assertThatThrownBy(() -> f.metrics.bindTo(new SimpleMeterRegistry()))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("CompositeMeterRegistry");
            }
        }

        @Test
        void bindingAfterCloseIsRefused() {
            SpindleMetrics metrics = new SpindleMetrics(NO_VIRTUAL_THREADS);
            metrics.close();
            assertThatThrownBy(() -> metrics.bindTo(new SimpleMeterRegistry()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }

        @Test
        void nullArgumentsAreRefusedByName() {
            assertThatThrownBy(() -> new SpindleMetrics(null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("config");
            assertThatThrownBy(() -> new SpindleMetrics(NO_VIRTUAL_THREADS).bindTo(null))
                    .isInstanceOf(NullPointerException.class).hasMessage("registry");
        }
    }

    @Nested
    class Global {

        @Test
        void installGloballyMeasuresEveryRunUntilClosed() {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            SpindleMetrics metrics = SpindleMetrics.installGlobally(registry, NO_VIRTUAL_THREADS);
            try {
                Spindle.run(() -> Spindle.createTask("global", () -> 1).join());
                assertThat(registry.get("spindle.task").tags("name", "global").timer().count()).isEqualTo(1);
            } finally {
                metrics.close();
            }
            assertThat(registry.getMeters()).isEmpty();

            Spindle.run(() -> Spindle.createTask("later", () -> 1).join());
            assertThat(registry.getMeters()).as("nothing recorded after close").isEmpty();
        }
    }

    @Nested
    class VirtualThreads {

        @Test
        void theDefaultsBindNoVirtualThreadMeterAndStartNoJfrRecording() {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            try (SpindleMetrics metrics = new SpindleMetrics()) {
                metrics.bindTo(registry);
                assertThat(registry.getMeters()).noneMatch(m -> m.getId().getName().startsWith("jvm.threads.virtual."));
                assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("spindle-metrics-jfr"));
            }
        }

        @Test
        void everyVirtualThreadMeterCarriesTheCommonTagsAndCloseRemovesThemAndEndsTheJfrReader() {
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            Thread reader;
            try (SpindleMetrics metrics = new SpindleMetrics(SpindleMetricsConfig.defaults().withVirtualThreadMetrics(true)
                    .withCommonTags(io.micrometer.core.instrument.Tags.of("service", "svc")))) {
                metrics.bindTo(registry);
                assertThat(registry.get("jvm.threads.virtual.pinned").tag("service", "svc").timer().count()).isZero();
                assertThat(registry.get("jvm.threads.virtual.submit.failed").tag("service", "svc").counter().count())
                        .isZero();
                if (Runtime.version().feature() >= 24) { // the scheduler's MXBean, which Micrometer left untagged
                    assertThat(registry.find("jvm.threads.virtual.live").tag("service", "svc").gauges()).hasSize(2);
                    assertThat(registry.get("jvm.threads.virtual.parallelism").tag("service", "svc").gauge().value())
                            .isPositive();
                    assertThat(registry.get("jvm.threads.virtual.pool.size").tag("service", "svc").gauge()).isNotNull();
                }
                assertThat(registry.getMeters()).filteredOn(m -> m.getId().getName().startsWith("jvm."))
                        .allSatisfy(m -> assertThat(m.getId().getTag("service")).as(m.getId().toString())
                                .isEqualTo("svc"));
                reader = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getName().equals("spindle-metrics-jfr")).findFirst().orElseThrow();
                assertThat(reader.isDaemon()).as("never keeps the JVM alive").isTrue();
            }
            assertThat(registry.getMeters()).isEmpty();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> !reader.isAlive());
        }

        @Test
        void theyCanBeLeftOut() {
            try (Fixture f = new Fixture()) {
                assertThat(f.registry.getMeters()).extracting(Meter::getId).extracting(Meter.Id::getName)
                        .noneMatch(n -> n.startsWith("jvm."));
            }
        }
    }
}
