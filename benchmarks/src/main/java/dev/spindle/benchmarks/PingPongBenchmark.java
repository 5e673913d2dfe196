package dev.spindle.benchmarks;

import static dev.spindle.benchmarks.Workloads.ROUND_TRIPS;
import static dev.spindle.benchmarks.Workloads.check;
import static dev.spindle.benchmarks.Workloads.inVirtualThread;

import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.sync.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
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
 * W4 ping-pong: two tasks pass a counter through two capacity-1 queues, 100,000 round trips: ping puts
 * {@code n} on the first queue, pong takes it and puts {@code n + 1} on the second, ping takes that.
 * The score divided by 100,000 is one round trip (two hand-offs, each a park and an unpark).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Preview for the StructuredTaskScope baseline; the heap fixed and pre-touched (see Workloads).
@Fork(value = 3, jvmArgsAppend = {"--enable-preview", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class PingPongBenchmark {

    /** The bar: two virtual threads and two {@code ArrayBlockingQueue(1)}. */
    @Benchmark
    public long arrayBlockingQueue() throws Exception {
        return check(inVirtualThread(() -> threads(() -> new ArrayBlockingQueue<>(1))), ROUND_TRIPS);
    }

    /** Two virtual threads and two {@code SynchronousQueue}s (a direct hand-off, no slot at all). */
    @Benchmark
    public long synchronousQueue() throws Exception {
        return check(inVirtualThread(() -> threads(SynchronousQueue::new)), ROUND_TRIPS);
    }

    /** Two Spindle tasks and two {@code dev.spindle.sync.Queue(1)}: the target. */
    @Benchmark
    public long spindleQueue() {
        return check(Spindle.run(() -> {
            Queue<Integer> there = new Queue<>(1);
            Queue<Integer> back = new Queue<>(1);
            Task<Long> pong = Spindle.createTask(() -> {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    back.put(there.get() + 1);
                }
                return (long) ROUND_TRIPS;
            });
            int n = 0;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                there.put(n);
                n = back.get();
            }
            pong.join();
            return (long) n;
        }), ROUND_TRIPS);
    }

    /** Two Spindle tasks and two {@code ArrayBlockingQueue(1)}: what the task layer alone costs here. */
    @Benchmark
    public long spindleTasksArrayBlockingQueue() {
        return check(Spindle.run(() -> {
            BlockingQueue<Integer> there = new ArrayBlockingQueue<>(1);
            BlockingQueue<Integer> back = new ArrayBlockingQueue<>(1);
            Task<Long> pong = Spindle.createTask(() -> pong(there, back));
            long last = ping(there, back);
            pong.join();
            return last;
        }), ROUND_TRIPS);
    }

    private static long threads(Supplier<BlockingQueue<Integer>> queues) throws InterruptedException {
        BlockingQueue<Integer> there = queues.get();
        BlockingQueue<Integer> back = queues.get();
        Thread pong = Thread.ofVirtual().start(() -> {
            try {
                pong(there, back);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long last = ping(there, back);
        pong.join();
        return last;
    }

    private static long ping(BlockingQueue<Integer> there, BlockingQueue<Integer> back) throws InterruptedException {
        int n = 0;
        for (int i = 0; i < ROUND_TRIPS; i++) {
            there.put(n);
            n = back.take();
        }
        return n;
    }

    private static long pong(BlockingQueue<Integer> there, BlockingQueue<Integer> back) throws InterruptedException {
        for (int i = 0; i < ROUND_TRIPS; i++) {
            back.put(there.take() + 1);
        }
        return ROUND_TRIPS;
    }
}
