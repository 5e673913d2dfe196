package dev.spindle.metrics.bench;

import dev.spindle.Spindle;
import dev.spindle.Task;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where {@link ObserverCostBenchmark}'s time goes: the Micrometer operations SpindleMetrics performs per
 * task (two timer records, a long-task-timer start and stop) and the task-name lookup, one at a time.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(1)
public class MicrometerPartsBenchmark {

    private Timer timer;
    private LongTaskTimer longTaskTimer;
    private Task<Integer> task;

    @Setup
    public void setUp() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        timer = Timer.builder("t").register(registry);
        longTaskTimer = LongTaskTimer.builder("l").register(registry);
        task = Spindle.run(() -> {
            Task<Integer> t = Spindle.createTask(() -> 1);
            t.join();
            return t;
        });
    }

    @Benchmark
    public void timerRecord() {
        timer.record(3_000, TimeUnit.NANOSECONDS);
    }

    @Benchmark
    public long longTaskTimerStartStop() {
        return longTaskTimer.start().stop();
    }

    @Benchmark
    public String defaultTaskName() {
        return task.name();
    }
}
