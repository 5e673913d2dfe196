package dev.spindle.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spindle.ContextPropagator;
import dev.spindle.GracefulShutdown;
import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.context.MicrometerContextPropagator;
import dev.spindle.metrics.SpindleMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configurations, one part at a time: on by default, off by property, replaced by a user bean. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpindleAutoConfigurationTest {

    private final ApplicationContextRunner contexts = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SpindleMetricsAutoConfiguration.class,
                    SpindleContextAutoConfiguration.class, SpindleShutdownAutoConfiguration.class,
                    SpindleEndpointAutoConfiguration.class, LifecycleAutoConfiguration.class));

    private final ApplicationContextRunner withRegistry = contexts.withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @AfterEach
    void cleanUp() {
        MDC.clear();
        GracefulShutdown.acceptRuns();
    }

    @Test
    @DisplayName("with a MeterRegistry, SpindleMetrics is bound to it with spindle.metrics.* and records every run's tasks")
    void metricsAreBoundAndConfigured() {
        withRegistry.withPropertyValues("spindle.metrics.prefix=svc", "spindle.metrics.max-task-names=7",
                        "spindle.metrics.max-run-names=3", "spindle.metrics.scheduling-sampling=1")
                .run(context -> {
                    SpindleMetrics metrics = context.getBean(SpindleMetrics.class);
                    assertThat(metrics.config().prefix()).isEqualTo("svc");
                    assertThat(metrics.config().maxTaskNames()).isEqualTo(7);
                    assertThat(metrics.config().maxRunNames()).isEqualTo(3);
                    assertThat(metrics.config().schedulingSampling()).isEqualTo(1);
                    Spindle.run(() -> Spindle.createTask("fetch", () -> 1).join());
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("svc.task").tag("name", "fetch").tag("outcome", "success").timer().count())
                            .isEqualTo(1);
                });
    }

    @Test
    @DisplayName("closing the context removes Spindle's meters and stops recording")
    void closingTheContextRemovesTheMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        contexts.withBean(MeterRegistry.class, () -> registry).withPropertyValues("spindle.shutdown.enabled=false")
                .run(context -> {
            Spindle.run(() -> 1);
            assertThat(registry.find("spindle.task").timers()).isNotEmpty();
        });
        assertThat(registry.find("spindle.task").timers()).isEmpty();
        Spindle.run(() -> 1);
        assertThat(registry.find("spindle.task").timers()).isEmpty();
    }

    @Test
    @DisplayName("spindle.metrics.enabled=false, no MeterRegistry, or the application's own SpindleMetrics: no binder from us")
    void metricsBackOff() {
        withRegistry.withPropertyValues("spindle.metrics.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SpindleMetrics.class));
        contexts.run(context -> assertThat(context).doesNotHaveBean(SpindleMetrics.class));
        SpindleMetrics own = new SpindleMetrics();
        withRegistry.withBean(SpindleMetrics.class, () -> own)
                .run(context -> assertThat(context.getBean(SpindleMetrics.class)).isSameAs(own));
    }

    @Test
    @DisplayName("context propagation is installed with no user code: MDC reaches tasks while the context is open, and not after")
    void contextPropagationIsInstalled() {
        contexts.withPropertyValues("spindle.shutdown.enabled=false").run(context -> {
            assertThat(context).hasSingleBean(ContextPropagator.class);
            assertThat(context.getBean(ContextPropagator.class)).isInstanceOf(MicrometerContextPropagator.class);
            MDC.put("req", "r-7");
            assertThat(Spindle.run(() -> Spindle.createTask(() -> MDC.get("req")).join())).isEqualTo("r-7");
        });
        MDC.put("req", "r-8");
        assertThat(Spindle.run(() -> Spindle.createTask(() -> MDC.get("req")).join())).isNull();
    }

    @Test
    @DisplayName("spindle.context.enabled=false installs nothing; an application's ContextPropagator replaces ours and is installed")
    void contextPropagationBacksOff() {
        contexts.withPropertyValues("spindle.context.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(ContextPropagator.class).doesNotHaveBean(ContextPropagatorInstaller.class);
            MDC.put("req", "r-9");
            assertThat(Spindle.run(() -> Spindle.createTask(() -> MDC.get("req")).join())).isNull();
        });
        ThreadLocal<String> tenant = new ThreadLocal<>();
        ContextPropagator own = () -> {
            String value = tenant.get();
            return () -> {
                tenant.set(value);
                return tenant::remove;
            };
        };
        contexts.withBean(ContextPropagator.class, () -> own).run(context -> {
            assertThat(context.getBean(ContextPropagatorInstaller.class).propagators()).containsExactly(own);
            tenant.set("acme");
            assertThat(Spindle.run(() -> Spindle.createTask(tenant::get).join())).isEqualTo("acme");
            tenant.remove();
        });
    }

    @Test
    @DisplayName("stopping the context cancels a live run, its finally blocks run, and runs are refused until a context starts")
    void stoppingTheContextShutsSpindleDown() throws Exception {
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        CountDownLatch running = new CountDownLatch(1);
        AtomicReference<String> cleanedUp = new AtomicReference<>();
        contexts.withPropertyValues("spring.lifecycle.timeout-per-shutdown-phase=5s").run(context -> {
            SpindleShutdownLifecycle lifecycle = context.getBean(SpindleShutdownLifecycle.class);
            assertThat(lifecycle.grace()).isEqualTo(Duration.ofSeconds(5));
            assertThat(lifecycle.isRunning()).isTrue();
            Thread.ofPlatform().start(() -> {
                try {
                    Runner.create().withName("background").run(() -> {
                        try {
                            running.countDown();
                            Spindle.sleep(60_000);
                        } finally {
                            cleanedUp.set("finally ran");
                        }
                    });
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        });
        assertThat(cleanedUp.get()).isEqualTo("finally ran");
        assertThat(outcome.get()).isInstanceOf(CancellationException.class);
        assertThatThrownBy(() -> Spindle.run(() -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shutting down");
        contexts.run(context -> assertThat(Spindle.run(() -> 2)).isEqualTo(2));
    }

    @Test
    @DisplayName("the grace is spindle.shutdown.grace, but never more than spring.lifecycle.timeout-per-shutdown-phase; off by property")
    void graceHonoursTheShutdownPhaseTimeout() {
        contexts.withPropertyValues("spindle.shutdown.grace=2s").run(context ->
                assertThat(context.getBean(SpindleShutdownLifecycle.class).grace()).isEqualTo(Duration.ofSeconds(2)));
        contexts.withPropertyValues("spindle.shutdown.grace=2m", "spring.lifecycle.timeout-per-shutdown-phase=20s")
                .run(context -> assertThat(context.getBean(SpindleShutdownLifecycle.class).grace())
                        .isEqualTo(Duration.ofSeconds(20)));
        contexts.run(context -> assertThat(context.getBean(SpindleShutdownLifecycle.class).grace())
                .isEqualTo(Duration.ofSeconds(30)));
        contexts.withPropertyValues("spindle.shutdown.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(SpindleShutdownLifecycle.class));
    }

    @Test
    @DisplayName("the endpoint returns the live runs as the spindle-tasks/1 JSON document, and is off when not exposed or its access is none")
    void endpointReturnsTheLiveView() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        contexts.withPropertyValues("management.endpoints.web.exposure.include=spindle").run(context -> {
            Thread caller = Thread.ofPlatform().start(() -> Runner.create().withName("endpoint-run").run(() -> {
                Spindle.createTask("holder", () -> {
                    inside.countDown();
                    release.await();
                    return null;
                }).join();
            }));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            SpindleEndpoint endpoint = context.getBean(SpindleEndpoint.class);
            // the run is listed just after its main task starts, so the task may be seen running first
            JsonNode json = await().atMost(Duration.ofSeconds(10)).until(
                    () -> new ObjectMapper().readTree(endpoint.tasks()), j -> !j.path("runs").isEmpty());
            release.countDown();
            caller.join(10_000);
            assertThat(json.path("schema").asText()).isEqualTo("spindle-tasks/1");
            assertThat(json.path("runs").findValuesAsText("name")).as(json.toString()).contains("endpoint-run", "holder");
        });
        contexts.withPropertyValues("management.endpoints.web.exposure.include=spindle",
                "management.endpoint.spindle.access=NONE")
                .run(context -> assertThat(context).doesNotHaveBean(SpindleEndpoint.class));
        contexts.run(context -> assertThat(context).doesNotHaveBean(SpindleEndpoint.class)); // not exposed
    }

    @Test
    @DisplayName("the configuration metadata names every spindle.* property with its default")
    void configurationMetadataIsGenerated() throws Exception {
        try (var in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).isNotNull();
            JsonNode json = new ObjectMapper().readTree(in);
            assertThat(json.path("properties").findValuesAsText("name")).contains("spindle.metrics.enabled",
                    "spindle.metrics.prefix", "spindle.metrics.percentile-histogram", "spindle.metrics.max-task-names",
                    "spindle.metrics.max-run-names", "spindle.metrics.scheduling-sampling", "spindle.context.enabled",
                    "spindle.shutdown.enabled", "spindle.shutdown.grace");
        }
    }
}
