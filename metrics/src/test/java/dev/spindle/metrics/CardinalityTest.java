package dev.spindle.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.Spindle;
import io.micrometer.core.instrument.Meter;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/** The caps on distinct {@code name} and {@code exception} tag values. */
class CardinalityTest {

    @Test
    void namesPastTheCapAreRecordedAsOther() {
        try (Fixture f = new Fixture(SpindleMetricsConfig.defaults().withVirtualThreadMetrics(false).withMaxTaskNames(3))) {
            f.runner.run(() -> { // the main task is the first name: "task"
                for (String name : List.of("alpha", "beta", "gamma", "delta", "alpha-2", "gamma")) {
                    Spindle.createTask(name, () -> 1).join();
                }
                return null;
            });

            assertThat(tagValues(f, "spindle.task", "name")).containsExactlyInAnyOrder("task", "alpha", "beta", "other");
            assertThat(tagValues(f, "spindle.task.active", "name"))
                    .containsExactlyInAnyOrder("task", "alpha", "beta", "other");
            assertThat(f.registry.get("spindle.task").tags("name", "other").timer().count()).isEqualTo(3);
            assertThat(f.registry.get("spindle.task").tags("name", "alpha").timer().count()).isEqualTo(2);
        }
    }

    @Test
    void aThousandDistinctNamesStayWithinTheDefaultCap() {
        try (Fixture f = new Fixture()) {
            f.runner.run(() -> {
                for (int i = 0; i < 1000; i++) {
                    Spindle.createTask("user:" + i, () -> 1).join();
                }
                return null;
            });

            assertThat(tagValues(f, "spindle.task", "name"))
                    .hasSize(SpindleMetricsConfig.DEFAULT_MAX_TASK_NAMES + 1)
                    .contains("other", "task");
            assertThat(f.registry.get("spindle.task").tags("name", "other").timer().count())
                    .isEqualTo(1000 - (SpindleMetricsConfig.DEFAULT_MAX_TASK_NAMES - 1));
        }
    }

    @Test
    void exceptionClassesPastTheCapAreRecordedAsOther() {
        try (Fixture f = new Fixture(SpindleMetricsConfig.defaults().withVirtualThreadMetrics(false).withMaxExceptionNames(2))) {
            List<Callable<Object>> throwers = List.of(
                    () -> { throw new IllegalStateException(); },
                    () -> { throw new IllegalArgumentException(); },
                    () -> { throw new UnsupportedOperationException(); },
                    () -> { throw new ArithmeticException(); },
                    () -> { throw new IllegalStateException(); });
            for (Callable<Object> body : throwers) { // one run each: a run ends after its tasks are recorded
                assertThatThrownBy(() -> f.runner.run(() -> Spindle.createTask("op", body).join()))
                        .isInstanceOf(RuntimeException.class);
            }

            assertThat(tagValues(f, "spindle.task", "exception"))
                    .containsExactlyInAnyOrder("IllegalStateException", "IllegalArgumentException", "other");
            assertThat(f.registry.get("spindle.task").tags("name", "op", "exception", "other").timer().count()).isEqualTo(2);
            assertThat(f.registry.get("spindle.task").tags("name", "op", "exception", "IllegalStateException").timer().count())
                    .isEqualTo(2);
        }
    }

    private static List<String> tagValues(Fixture f, String meter, String tag) {
        return f.registry.find(meter).meters().stream().map(Meter::getId).map(id -> id.getTag(tag)).distinct().toList();
    }
}
