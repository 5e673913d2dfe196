package dev.spindle.metrics.bench;

import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.TaskObserver;
import dev.spindle.TaskOutcome;
import dev.spindle.metrics.SpindleMetrics;
import dev.spindle.metrics.SpindleMetricsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one task costs {@link SpindleMetrics}: a {@code taskStarted} and {@code taskFinished} pair, on one
 * thread, for a finished task with a default name. Divided by W1's time per task with no observer, it
 * gives the share of the task path that metrics add, with far less noise than W1 itself on a busy
 * machine. {@code noop} is the bare SPI call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(1)
public class ObserverCostBenchmark {

    @Param({"noop", "metrics", "metricsPrometheusHistogram"})
    public String observer;

    private TaskObserver target;
    private MeterRegistry registry;
    private SpindleMetrics metrics;
    private Task<Integer> task;

    @Setup(Level.Trial)
    public void setUp() {
        task = Spindle.run(() -> {
            Task<Integer> t = Spindle.createTask(() -> 1);
            t.join();
            return t;
        });
        switch (observer) {
            case "noop" -> target = new TaskObserver() {};
            case "metrics" -> {
                registry = new SimpleMeterRegistry();
                metrics = new SpindleMetrics(SpindleMetricsConfig.defaults().withVirtualThreadMetrics(false));
            }
            case "metricsPrometheusHistogram" -> {
                registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                metrics = new SpindleMetrics(SpindleMetricsConfig.defaults().withVirtualThreadMetrics(false)
                        .withPercentileHistogram(true)
                        .withServiceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(250)));
            }
            default -> throw new IllegalArgumentException("unknown observer " + observer);
        }
        if (metrics != null) {
            metrics.bindTo(registry);
            target = metrics;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (metrics != null) {
            metrics.close();
            registry.close();
        }
    }

    @Benchmark
    public void startAndFinish() {
        Object state = target.taskStarted(task, 12_000);
        target.taskFinished(task, TaskOutcome.SUCCESS, 3_000, state);
    }
}
