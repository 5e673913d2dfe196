package dev.spindle.benchmarks;

import static dev.spindle.benchmarks.Workloads.MILLION;
import static dev.spindle.benchmarks.Workloads.MILLION_SLEEP_MILLIS;
import static dev.spindle.benchmarks.Workloads.check;
import static dev.spindle.benchmarks.Workloads.inVirtualThread;

import dev.spindle.Spindle;
import dev.spindle.Task;
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
 * W5 a million sleepers: 1,000,000 tasks, each started one after the other and sleeping 1 s, then
 * joined one after the other. The ideal is a little over 1 s; at this size every task is alive for most
 * of the operation, so the young collections copy all of them, and whatever a library keeps per task
 * shows as collector time far more than at 100,000 (W2). One single-shot operation per iteration.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3) // BenchmarkMain sets the same in full mode, 1 in quick mode
@Measurement(iterations = 5)
// The heap fixed and pre-touched (see Workloads), the same for both variants.
@Fork(value = 3, jvmArgsAppend = {"--enable-preview", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class MillionSleepersBenchmark {

    /** {@code createTask} each (its body {@code Spindle.sleep(1 s)}), then {@code join} each. */
    @Benchmark
    public long spindleCreateTask() {
        return check(Spindle.run(() -> {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Task<Integer>[] tasks = new Task[MILLION];
            for (int i = 0; i < MILLION; i++) {
                tasks[i] = Spindle.createTask(() -> {
                    Spindle.sleep(MILLION_SLEEP_MILLIS);
                    return 1;
                });
            }
            long n = 0;
            for (Task<Integer> t : tasks) {
                n += t.join();
            }
            return n;
        }), MILLION);
    }

    /** The bar: {@code Thread.ofVirtual().start} each (a {@code Thread.sleep(1 s)}), {@code join} each. */
    @Benchmark
    public long virtualThreads() throws Exception {
        return check(inVirtualThread(() -> {
            Thread[] threads = new Thread[MILLION];
            for (int i = 0; i < MILLION; i++) {
                threads[i] = Thread.ofVirtual().start(() -> Workloads.sleepUninterruptiblyFor(MILLION_SLEEP_MILLIS));
            }
            for (Thread t : threads) {
                t.join();
            }
            return (long) threads.length;
        }), MILLION);
    }
}
