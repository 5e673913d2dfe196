package dev.spindle.context.bench;

import dev.spindle.ContextPropagator;
import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.context.MicrometerContextPropagator;
import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.slf4j.MDC;

/**
 * DESIGN.md's W1 (100,000 tasks that return at once, {@code createTask} each, gather, sum) with and without
 * context propagation, in one JMH run, so that the cost per task is {@code (variant - none) / 100,000}.
 *
 * <ul>
 *   <li>{@code none} — no propagator: one {@code null} check per task.</li>
 *   <li>{@code threadLocal} — a minimal {@link ContextPropagator} carrying one {@code ThreadLocal}: the
 *       cost of the SPI itself (a capture object, a wrapper, restore and close).</li>
 *   <li>{@code micrometerMdc} — {@link MicrometerContextPropagator#create()} over the global registry with
 *       Logback's MDC (two entries) and Micrometer Observation's accessor (no observation open): what
 *       {@code MicrometerContextPropagator.install()} costs a typical service.</li>
 *   <li>{@code micrometerMdcObservation} — the same with an observation open around the run, so every
 *       task opens and closes an observation scope.</li>
 * </ul>
 *
 * Run: {@code mvn -q -pl context -am test-compile exec:exec@bench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class W1ContextBenchmark {

    static final int TASKS = 100_000;
    private static final ThreadLocal<String> REQUEST = new ThreadLocal<>();

    @Param({"none", "threadLocal", "micrometerMdc", "micrometerMdcObservation"})
    public String propagation;

    private Runner runner;
    private Observation observation;
    private Observation.Scope observationScope;

    @Setup(Level.Trial)
    public void setUp() {
        MicrometerContextPropagator.registerSlf4jMdc(ContextRegistry.getInstance());
        MDC.put("req", "r-42");
        MDC.put("user", "u-7");
        REQUEST.set("r-42");
        runner = switch (propagation) {
            case "none" -> Runner.create();
            case "threadLocal" -> Runner.create().withContextPropagator(() -> {
                String captured = REQUEST.get();
                return () -> {
                    String previous = REQUEST.get();
                    REQUEST.set(captured);
                    return () -> REQUEST.set(previous);
                };
            });
            case "micrometerMdc" -> Runner.create().withContextPropagator(MicrometerContextPropagator.create());
            case "micrometerMdcObservation" -> {
                observation = Observation.start("request", ObservationRegistry.create());
                observationScope = observation.openScope();
                yield Runner.create().withContextPropagator(MicrometerContextPropagator.create());
            }
            default -> throw new IllegalArgumentException("unknown propagation " + propagation);
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (observationScope != null) {
            observationScope.close();
            observation.stop();
        }
        MDC.clear();
        REQUEST.remove();
    }

    /** The process's CPU time per operation, next to JMH's wall-clock score (see W1MetricsBenchmark). */
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
        boolean expectContext = !propagation.equals("none");
        long sum = runner.run(() -> {
            List<Task<Integer>> tasks = new ArrayList<>(TASKS);
            for (int i = 0; i < TASKS; i++) {
                int value = i;
                tasks.add(Spindle.createTask(() -> value));
            }
            long s = 0;
            for (int v : Spindle.gather(tasks)) {
                s += v;
            }
            return s;
        });
        if (expectContext && !"r-42".equals(runner.run(() -> Spindle.createTask(
                () -> propagation.equals("threadLocal") ? REQUEST.get() : MDC.get("req")).join()))) {
            throw new IllegalStateException("the context did not reach the task; the benchmark is broken");
        }
        return sum;
    }
}
