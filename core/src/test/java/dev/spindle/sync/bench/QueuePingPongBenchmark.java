package dev.spindle.sync.bench;

import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.sync.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * W4 of DESIGN.md: two virtual threads ping-pong {@value #ROUND_TRIPS} times through two capacity-1
 * queues (the pinger puts into the first and takes from the second; the ponger takes from the first and
 * puts into the second). The score is the time of one round trip: two hand-offs, each waking a parked
 * virtual thread.
 *
 * <p>All variants run the same loop on raw virtual threads, so they compare the queues;
 * {@link #spindleQueueInSpindleTasks} runs it as a Spindle run with two tasks, to show the task layer
 * adds nothing per hand-off. Run with (see README, "Queues and synchronisation"):
 *
 * <pre>{@code
 * mvn -q -pl core test-compile exec:exec@queue-bench
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@OperationsPerInvocation(QueuePingPongBenchmark.ROUND_TRIPS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(3)
public class QueuePingPongBenchmark {

    static final int ROUND_TRIPS = 100_000;

    @Benchmark
    public long spindleQueue() throws InterruptedException {
        Queue<Integer> ping = new Queue<>(1);
        Queue<Integer> pong = new Queue<>(1);
        long[] sum = new long[1];
        Thread ponger = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                pong.put(ping.get());
            }
        });
        Thread pinger = Thread.ofVirtual().start(() -> {
            long s = 0;
            for (int i = 0; i < ROUND_TRIPS; i++) {
                ping.put(i);
                s += pong.get();
            }
            sum[0] = s;
        });
        pinger.join();
        ponger.join();
        return sum[0];
    }

    @Benchmark
    public long spindleQueueInSpindleTasks() {
        return Spindle.run(() -> {
            Queue<Integer> ping = new Queue<>(1);
            Queue<Integer> pong = new Queue<>(1);
            Task<Object> ponger = Spindle.createTask(() -> {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    pong.put(ping.get());
                }
                return null;
            });
            Task<Long> pinger = Spindle.createTask(() -> {
                long s = 0;
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    ping.put(i);
                    s += pong.get();
                }
                return s;
            });
            ponger.join();
            return pinger.join();
        });
    }

    @Benchmark
    public long arrayBlockingQueue() throws InterruptedException {
        return jdk(new ArrayBlockingQueue<>(1), new ArrayBlockingQueue<>(1));
    }

    @Benchmark
    public long synchronousQueue() throws InterruptedException {
        return jdk(new SynchronousQueue<>(), new SynchronousQueue<>());
    }

    private static long jdk(BlockingQueue<Integer> ping, BlockingQueue<Integer> pong) throws InterruptedException {
        long[] sum = new long[1];
        Thread ponger = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    pong.put(ping.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread pinger = Thread.ofVirtual().start(() -> {
            long s = 0;
            try {
                for (int i = 0; i < ROUND_TRIPS; i++) {
                    ping.put(i);
                    s += pong.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sum[0] = s;
        });
        pinger.join();
        ponger.join();
        return sum[0];
    }
}
