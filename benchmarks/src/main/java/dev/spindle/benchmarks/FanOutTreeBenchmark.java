package dev.spindle.benchmarks;

import static dev.spindle.benchmarks.Workloads.DEPTH;
import static dev.spindle.benchmarks.Workloads.FAN_OUT;
import static dev.spindle.benchmarks.Workloads.LEAVES;
import static dev.spindle.benchmarks.Workloads.check;
import static dev.spindle.benchmarks.Workloads.inVirtualThread;

import dev.spindle.Spindle;
import dev.spindle.Task;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
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
 * W3 fan-out tree: every task below depth 5 starts 10 children and sums what they return; leaves
 * return 1. The root is the top-level task, so one operation runs 111,111 tasks and sums to 100,000.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Preview for the StructuredTaskScope baseline; the heap fixed and pre-touched (see Workloads).
@Fork(value = 3, jvmArgsAppend = {"--enable-preview", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class FanOutTreeBenchmark {

    /** Each node gathers its children: {@code gather(child, ..., child)}. */
    @Benchmark
    public long spindleGather() {
        return check(Spindle.run(() -> gatherNode(0)), LEAVES);
    }

    private static long gatherNode(int depth) {
        if (depth == DEPTH) {
            return 1;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Callable<Long>[] children = new Callable[FAN_OUT];
        for (int i = 0; i < FAN_OUT; i++) {
            children[i] = () -> gatherNode(depth + 1);
        }
        long sum = 0;
        for (long r : Spindle.gather(children)) {
            sum += r;
        }
        return sum;
    }

    /** Each node creates its children with {@code createTask} and joins them. */
    @Benchmark
    public long spindleCreateTask() {
        return check(Spindle.run(() -> createTaskNode(0)), LEAVES);
    }

    private static long createTaskNode(int depth) {
        if (depth == DEPTH) {
            return 1;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Task<Long>[] children = new Task[FAN_OUT];
        for (int i = 0; i < FAN_OUT; i++) {
            children[i] = Spindle.createTask(() -> createTaskNode(depth + 1));
        }
        long sum = 0;
        for (Task<Long> t : children) {
            sum += t.join();
        }
        return sum;
    }

    /** The bar: each node starts 10 virtual threads, joins them, and sums their results from an array. */
    @Benchmark
    public long virtualThreads() throws Exception {
        return check(inVirtualThread(() -> threadNode(0)), LEAVES);
    }

    private static long threadNode(int depth) throws InterruptedException {
        if (depth == DEPTH) {
            return 1;
        }
        long[] results = new long[FAN_OUT];
        Thread[] threads = new Thread[FAN_OUT];
        for (int i = 0; i < FAN_OUT; i++) {
            int slot = i;
            threads[i] = Thread.ofVirtual().start(() -> {
                try {
                    results[slot] = threadNode(depth + 1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        long sum = 0;
        for (int i = 0; i < FAN_OUT; i++) {
            threads[i].join();
            sum += results[i];
        }
        return sum;
    }

    /** One {@code newVirtualThreadPerTaskExecutor()} for the tree; each node submits and gets. */
    @Benchmark
    public long executor() throws Exception {
        return check(inVirtualThread(() -> {
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                return executorNode(executor, 0);
            }
        }), LEAVES);
    }

    private static long executorNode(ExecutorService executor, int depth)
            throws InterruptedException, ExecutionException {
        if (depth == DEPTH) {
            return 1;
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Future<Long>[] children = new Future[FAN_OUT];
        for (int i = 0; i < FAN_OUT; i++) {
            children[i] = executor.submit(() -> executorNode(executor, depth + 1));
        }
        long sum = 0;
        for (Future<Long> f : children) {
            sum += f.get();
        }
        return sum;
    }

    /** Each node opens a {@code StructuredTaskScope} (JDK 25 preview), forks 10, joins. */
    @Benchmark
    public long structuredTaskScope() throws Exception {
        return check(inVirtualThread(() -> scopeNode(0)), LEAVES);
    }

    private static long scopeNode(int depth) throws InterruptedException {
        if (depth == DEPTH) {
            return 1;
        }
        try (StructuredTaskScope<Long, Void> scope = StructuredTaskScope.open()) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            StructuredTaskScope.Subtask<Long>[] children = new StructuredTaskScope.Subtask[FAN_OUT];
            for (int i = 0; i < FAN_OUT; i++) {
                children[i] = scope.fork(() -> scopeNode(depth + 1));
            }
            scope.join();
            long sum = 0;
            for (StructuredTaskScope.Subtask<Long> s : children) {
                sum += s.get();
            }
            return sum;
        }
    }
}
