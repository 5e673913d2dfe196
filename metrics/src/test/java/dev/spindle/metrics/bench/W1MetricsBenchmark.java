package dev.spindle.metrics.bench;

import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.TaskObserver;
import dev.spindle.metrics.SpindleMetrics;
import dev.spindle.metrics.SpindleMetricsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * DESIGN.md's W1 (spawn 100,000 tasks that return at once, gather, sum) with and without
 * {@link SpindleMetrics}, in one JMH run, so that the ratio {@code metrics / none} can be read off
 * directly (target: at most 1.15).
 *
 * <ul>
 *   <li>{@code none} — no observer: the task path pays one {@code null} check of the run's observer
 *       ({@code TaskImpl.runBody} and {@code complete}, {@code RunScope.newTask}).</li>
 *   <li>{@code noop} — an observer whose methods do nothing: the cost of the SPI calls themselves.</li>
 *   <li>{@code metrics} — {@code SpindleMetrics} with default options on a {@code SimpleMeterRegistry}.</li>
 *   <li>{@code metricsPrometheusHistogram} — as the example service runs it: a
 *       {@code PrometheusMeterRegistry}, percentile histogram and SLO buckets on.</li>
 * </ul>
 *
 * Run: {@code mvn -q -pl metrics -am test-compile exec:exec@bench} (see README, "Metrics and dashboards").
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 8, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class W1MetricsBenchmark {

    static final int TASKS = 100_000;

    @Param({"none", "noop", "metrics", "metricsPrometheusHistogram"})
    public String observer;

    private Runner runner;
    private MeterRegistry registry;
    private SpindleMetrics metrics;

    @Setup(Level.Trial)
    public void setUp() {
        runner = switch (observer) {
            case "none" -> Runner.create();
            case "noop" -> Runner.create().withObserver(new TaskObserver() {});
            case "metrics" -> {
                registry = new SimpleMeterRegistry();
                metrics = new SpindleMetrics();
                metrics.bindTo(registry);
                yield Runner.create().withObserver(metrics);
            }
            case "metricsPrometheusHistogram" -> {
                registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                metrics = new SpindleMetrics(SpindleMetricsConfig.defaults()
                        .withPercentileHistogram(true)
                        .withServiceLevelObjectives(java.time.Duration.ofMillis(50), java.time.Duration.ofMillis(250)));
                metrics.bindTo(registry);
                yield Runner.create().withObserver(metrics);
            }
            default -> throw new IllegalArgumentException("unknown observer " + observer);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (metrics != null) {
            long recorded = registry.get("spindle.task").timer().count();
            if (recorded < TASKS) {
                throw new IllegalStateException("SpindleMetrics recorded " + recorded + " tasks; the benchmark is broken");
            }
            metrics.close();
            registry.close();
        }
    }

    /**
     * The process's CPU time per operation, next to JMH's wall-clock score. On a machine shared with
     * other work, wall-clock time mostly measures how much CPU the benchmark was given; CPU time
     * measures what the work cost. JMH prints the per-iteration sums ({@code w1:cpuNanos},
     * {@code w1:ops}); their quotient is the CPU time of one W1.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

        public long cpuNanos;
        public long ops;

        @Setup(Level.Iteration)
        public void reset() {
            cpuNanos = 0;
            ops = 0;
        }

        long now() {
            return OS.getProcessCpuTime();
        }
    }

    @Benchmark
    public long w1(CpuTime cpu) {
        long before = cpu.now();
        long sum = w1Once();
        cpu.cpuNanos += cpu.now() - before;
        cpu.ops++;
        return sum;
    }

    private long w1Once() {
        return runner.run(() -> {
            List<Task<Integer>> tasks = new ArrayList<>(TASKS);
            for (int i = 0; i < TASKS; i++) {
                int value = i;
                tasks.add(Spindle.createTask(() -> value));
            }
            long sum = 0;
            for (int v : Spindle.gather(tasks)) {
                sum += v;
            }
            return sum;
        });
    }
}
