package dev.spindle.benchmarks;

import static dev.spindle.benchmarks.Workloads.SLEEP_MILLIS;
import static dev.spindle.benchmarks.Workloads.TASKS;
import static dev.spindle.benchmarks.Workloads.check;
import static dev.spindle.benchmarks.Workloads.inVirtualThread;
import static dev.spindle.benchmarks.Workloads.sleepUninterruptibly;

import dev.spindle.Spindle;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W2 sleep–gather: 100,000 tasks that each sleep 100 ms; wait for all. The ideal is 100 ms; the report
 * shows the time over it, which is the cost of starting, parking, waking and joining 100,000 tasks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Preview for the StructuredTaskScope baseline; the heap fixed and pre-touched (see Workloads).
@Fork(value = 3, jvmArgsAppend = {"--enable-preview", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class SleepGatherBenchmark {

    /** {@code Spindle.run(() -> gather(bodies))}, each body {@code Spindle.sleep(100)}. */
    @Benchmark
    public long spindleGather() {
        return check(Spindle.run(() -> {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Callable<Integer>[] bodies = new Callable[TASKS];
            for (int i = 0; i < TASKS; i++) {
                bodies[i] = () -> {
                    Spindle.sleep(SLEEP_MILLIS);
                    return 1;
                };
            }
            long n = 0;
            for (int r : Spindle.gather(bodies)) {
                n += r;
            }
            return n;
        }), TASKS);
    }

    /** The bar: {@code Thread.ofVirtual().start} each (a {@code Thread.sleep}), {@code join} each. */
    @Benchmark
    public long virtualThreads() throws Exception {
        return check(inVirtualThread(() -> {
            Thread[] threads = new Thread[TASKS];
            for (int i = 0; i < TASKS; i++) {
                threads[i] = Thread.ofVirtual().start(Workloads::sleepUninterruptibly);
            }
            for (Thread t : threads) {
                t.join();
            }
            return (long) threads.length;
        }), TASKS);
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}: submit each, {@code get} each, close. */
    @Benchmark
    public long executor() throws Exception {
        return check(inVirtualThread(() -> {
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                Future<Integer>[] futures = new Future[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    futures[i] = executor.submit(() -> {
                        Thread.sleep(SLEEP_MILLIS);
                        return 1;
                    });
                }
                long n = 0;
                for (Future<Integer> f : futures) {
                    n += f.get();
                }
                return n;
            }
        }), TASKS);
    }

    /** JDK 25's {@code StructuredTaskScope.open()} (preview): fork each, join. */
    @Benchmark
    public long structuredTaskScope() throws Exception {
        return check(inVirtualThread(() -> {
            try (StructuredTaskScope<Object, Void> scope = StructuredTaskScope.open()) {
                for (int i = 0; i < TASKS; i++) {
                    scope.fork(Workloads::sleepUninterruptibly);
                }
                scope.join();
                return (long) TASKS;
            }
        }), TASKS);
    }
}
