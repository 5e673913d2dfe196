package dev.spindle.benchmarks;

import static dev.spindle.benchmarks.Workloads.TASKS;
import static dev.spindle.benchmarks.Workloads.check;
import static dev.spindle.benchmarks.Workloads.expectedSpawnSum;

import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.TaskObserver;
import dev.spindle.TaskOutcome;
import dev.spindle.metrics.SpindleMetrics;
import dev.spindle.metrics.SpindleMetricsConfig;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * W1 ({@code createTask} of 100,000 tasks that return at once, then {@code gather}) with and without
 * {@code SpindleMetrics}: the same work as the metrics module's {@code W1MetricsBenchmark}, here so that
 * {@link Interleaved} ({@code W1M}) can compare the variants round by round in one JVM.
 *
 * <ul>
 *   <li>{@code none} — no observer;</li>
 *   <li>{@code noop} — an observer that does nothing: what any observer costs in core (the run times its
 *       tasks: three clock reads and a {@code TaskTimes} per task, and the two observer calls), so that
 *       {@code metrics ÷ noop} is what {@code SpindleMetrics} itself adds;</li>
 *   <li>{@code metrics} — {@code SpindleMetrics} with the defaults on a {@code SimpleMeterRegistry};</li>
 *   <li>{@code metricsPrometheusHistogram} — as the example service runs it: a
 *       {@code PrometheusMeterRegistry} with the histogram and two objectives;</li>
 *   <li>{@code timerRecord} — an observer whose only work is one Micrometer {@code Timer.record} of the run
 *       time (a {@code SimpleMeterRegistry}'s timer, no histogram);</li>
 *   <li>{@code timerRecordStoppedClock} — the same with the registry's clock stopped, so that the record
 *       reads no clock: {@code timerRecord ÷ timerRecordStoppedClock} is what Micrometer's reading of the
 *       wall clock in every record (for its rotating maximum) costs.</li>
 * </ul>
 */
@State(Scope.Benchmark)
public class MetricsOverheadBenchmark {

    private final Runner plain = Runner.create();
    private final Runner timedOnly = Runner.create().withTaskTiming(true);
    private final Runner emptyObserver = Runner.create().withObserver(new TaskObserver() {});
    private final SimpleMeterRegistry simple = new SimpleMeterRegistry();
    private final SpindleMetrics simpleMetrics = new SpindleMetrics();
    private final Runner withMetrics = Runner.create().withObserver(simpleMetrics);
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final SpindleMetrics prometheusMetrics = new SpindleMetrics(SpindleMetricsConfig.defaults()
            .withPercentileHistogram(true)
            .withServiceLevelObjectives(Duration.ofMillis(50), Duration.ofMillis(250)));
    private final Runner withPrometheus = Runner.create().withObserver(prometheusMetrics);
    private final SimpleMeterRegistry timerRegistry = new SimpleMeterRegistry();
    private final Runner withTimer = Runner.create().withObserver(new RecordingObserver(timerRegistry));
    private final SimpleMeterRegistry stoppedClockRegistry = new SimpleMeterRegistry(SimpleConfig.DEFAULT,
            new StoppedClock());
    private final Runner withStoppedClockTimer = Runner.create()
            .withObserver(new RecordingObserver(stoppedClockRegistry));

    /** Binds the two binders. */
    public MetricsOverheadBenchmark() {
        simpleMetrics.bindTo(simple);
        prometheusMetrics.bindTo(prometheus);
    }

    /** Closes the binders and registries. */
    @TearDown(Level.Trial)
    public void close() {
        simpleMetrics.close();
        prometheusMetrics.close();
        simple.close();
        prometheus.close();
        timerRegistry.close();
        stoppedClockRegistry.close();
    }

    /** No observer. */
    @Benchmark
    public long none() {
        return w1(plain);
    }

    /** No observer, but every task timed (two clock reads and a {@code TaskTimes}): core's part of {@link #noop}. */
    @Benchmark
    public long timed() {
        return w1(timedOnly);
    }

    /** An observer that does nothing. */
    @Benchmark
    public long noop() {
        return w1(emptyObserver);
    }

    /** {@code SpindleMetrics} defaults on a {@code SimpleMeterRegistry}. */
    @Benchmark
    public long metrics() {
        return w1(withMetrics);
    }

    /** {@code SpindleMetrics} with the histogram on a {@code PrometheusMeterRegistry}. */
    @Benchmark
    public long metricsPrometheusHistogram() {
        return w1(withPrometheus);
    }

    /** One {@code Timer.record} per task, nothing else. */
    @Benchmark
    public long timerRecord() {
        return w1(withTimer);
    }

    /** One {@code Timer.record} per task on a registry whose clock never moves. */
    @Benchmark
    public long timerRecordStoppedClock() {
        return w1(withStoppedClockTimer);
    }

    /** Records each task's run time in one timer: the core of what {@code SpindleMetrics} does per task. */
    private static final class RecordingObserver implements TaskObserver {
        private final Timer timer;

        RecordingObserver(MeterRegistry registry) {
            this.timer = Timer.builder("bench.task").register(registry);
        }

        @Override
        public void taskFinished(Task<?> task, TaskOutcome outcome, long runNanos, Object startState) {
            timer.record(runNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A clock that reads nothing: time stands still, so a timer's maximum never rotates. */
    private static final class StoppedClock implements Clock {
        @Override
        public long wallTime() {
            return 0L;
        }

        @Override
        public long monotonicTime() {
            return 0L;
        }
    }

    private static long w1(Runner runner) {
        return check(runner.run(() -> {
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
        }), expectedSpawnSum());
    }
}
