package dev.spindle.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.Runner;
import dev.spindle.Spindle;
import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The one line, {@link MicrometerContextPropagator#install()}: Logback's MDC and Micrometer's current
 * observation reach every task, whichever way it starts.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MdcAndObservationTest {

    private static final Logger LOG = LoggerFactory.getLogger("dev.spindle.context.test.tasks");
    private static Runner.Registration installed;

    @BeforeAll
    static void install() {
        installed = MicrometerContextPropagator.install();
    }

    @AfterAll
    static void uninstall() {
        installed.close();
    }

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    @DisplayName("MDC put before run appears in the log lines of the main task, createTask, group, gather, toThread and grandchildren")
    void mdcAppearsInEveryTaskLogLine() {
        try (LogLines log = new LogLines(LOG.getName())) {
            MDC.put("req", "r-42");
            Spindle.run(() -> {
                LOG.info("main");
                Spindle.createTask(() -> {
                    LOG.info("createTask");
                    return Spindle.createTask(() -> {
                        LOG.info("grandchild");
                        return null;
                    }).join();
                }).join();
                Spindle.taskGroup(tg -> tg.createTask(() -> {
                    LOG.info("group");
                    return null;
                }));
                Spindle.gather(() -> {
                    LOG.info("gather-1");
                    return 1;
                }, () -> {
                    LOG.info("gather-2");
                    return 2;
                });
                Spindle.toThread(() -> {
                    LOG.info("toThread");
                    return null;
                });
            });
            assertThat(log.lines()).containsExactlyInAnyOrder("req=r-42 main", "req=r-42 createTask",
                    "req=r-42 grandchild", "req=r-42 group", "req=r-42 gather-1", "req=r-42 gather-2",
                    "req=r-42 toThread");
        }
    }

    @Test
    @DisplayName("MDC set inside a task reaches that task's children but neither its parent nor the caller of run")
    void mdcSetInATaskFlowsDownNotUp() {
        try (LogLines log = new LogLines(LOG.getName())) {
            MDC.put("req", "outer");
            Spindle.run(() -> {
                Spindle.createTask(() -> {
                    MDC.put("req", "inner");
                    return Spindle.createTask(() -> {
                        LOG.info("child of inner");
                        return null;
                    }).join();
                }).join();
                LOG.info("main after");
            });
            LOG.info("caller after");
            assertThat(log.lines()).containsExactlyInAnyOrder("req=inner child of inner", "req=outer main after",
                    "req=outer caller after");
        }
    }

    @Test
    @DisplayName("an observation open around run is the parent of observations opened in its tasks, and theirs of their children's")
    void observationAroundRunIsTheParentOfTaskObservations() {
        ObservationRegistry registry = ObservationRegistry.create();
        Map<String, String> parents = new ConcurrentHashMap<>();
        registry.observationConfig().observationHandler(new ObservationHandler<>() {
            @Override
            public void onStart(Observation.Context context) {
                Observation.ContextView parent = context.getParentObservation() == null ? null
                        : context.getParentObservation().getContextView();
                parents.put(context.getName(), parent == null ? "none" : parent.getName());
            }

            @Override
            public boolean supportsContext(Observation.Context context) {
                return true;
            }
        });
        Observation.createNotStarted("request", registry).observe(() -> Spindle.run(() -> {
            Spindle.createTask(() -> Observation.createNotStarted("fetch", registry).observe(() -> Spindle.gather(
                    () -> Observation.createNotStarted("fetch-a", registry).observe(() -> 1),
                    () -> Observation.createNotStarted("fetch-b", registry).observe(() -> 2)))).join();
            Spindle.taskGroup(tg -> tg.createTask(() -> Observation.createNotStarted("grouped", registry)
                    .observe(() -> 3)));
            return Spindle.toThread(() -> Observation.createNotStarted("blocking", registry).observe(() -> 4));
        }));
        assertThat(parents).containsExactlyInAnyOrderEntriesOf(Map.of("request", "none", "fetch", "request",
                "fetch-a", "fetch", "fetch-b", "fetch", "grouped", "request", "blocking", "request"));
        assertThat(registry.getCurrentObservation()).isNull();
    }

    @Test
    @DisplayName("an accessor the application registers is carried too")
    void applicationAccessorsAreCarried() {
        ThreadLocal<String> tenant = new ThreadLocal<>();
        ContextRegistry.getInstance().registerThreadLocalAccessor("test.tenant", tenant);
        try {
            tenant.set("acme");
            String seen = Spindle.run(() -> Spindle.createTask(tenant::get).join());
            assertThat(seen).isEqualTo("acme");
        } finally {
            ContextRegistry.getInstance().removeThreadLocalAccessor("test.tenant");
            tenant.remove();
        }
    }

    @Test
    @DisplayName("registering the MDC accessor twice keeps one")
    void mdcAccessorIsRegisteredOnce() {
        ContextRegistry registry = new ContextRegistry();
        assertThat(MicrometerContextPropagator.registerSlf4jMdc(registry)).isTrue();
        assertThat(MicrometerContextPropagator.registerSlf4jMdc(registry)).isFalse();
        assertThat(registry.getThreadLocalAccessors()).hasSize(1);
    }
}
