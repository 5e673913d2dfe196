package dev.spindle.benchmarks;

import static dev.spindle.benchmarks.Workloads.TASKS;
import static dev.spindle.benchmarks.Workloads.check;
import static dev.spindle.benchmarks.Workloads.expectedSpawnSum;
import static dev.spindle.benchmarks.Workloads.inVirtualThread;

import dev.spindle.Spindle;
import dev.spindle.Task;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntSupplier;
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
 * W1 spawn–join: 100,000 tasks that each return an int at once; wait for all; sum. One operation is
 * the whole workload, so the score divided by 100,000 is the cost of one task.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Preview for the StructuredTaskScope baseline; the heap fixed and pre-touched (see Workloads).
@Fork(value = 3, jvmArgsAppend = {"--enable-preview", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class SpawnJoinBenchmark {

    /** {@code Spindle.run(() -> gather(bodies))}: the structured, asyncio-shaped way. */
    @Benchmark
    public long spindleGather() {
        return check(Spindle.run(() -> {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Callable<Integer>[] bodies = new Callable[TASKS];
            for (int i = 0; i < TASKS; i++) {
                int v = i;
                bodies[i] = () -> v;
            }
            long sum = 0;
            for (int r : Spindle.gather(bodies)) {
                sum += r;
            }
            return sum;
        }), expectedSpawnSum());
    }

    /** {@code createTask} each, then {@code join} each: asyncio's create_task / await. */
    @Benchmark
    public long spindleCreateTask() {
        return check(Spindle.run(() -> {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Task<Integer>[] tasks = new Task[TASKS];
            for (int i = 0; i < TASKS; i++) {
                int v = i;
                tasks[i] = Spindle.createTask(() -> v);
            }
            long sum = 0;
            for (Task<Integer> t : tasks) {
                sum += t.join();
            }
            return sum;
        }), expectedSpawnSum());
    }

    /** The bar: {@code Thread.ofVirtual().start} each, {@code join} each, results through an array. */
    @Benchmark
    public long virtualThreads() throws Exception {
        return check(inVirtualThread(() -> {
            int[] results = new int[TASKS];
            Thread[] threads = new Thread[TASKS];
            for (int i = 0; i < TASKS; i++) {
                int v = i;
                threads[i] = Thread.ofVirtual().start(() -> results[v] = v);
            }
            long sum = 0;
            for (int i = 0; i < TASKS; i++) {
                threads[i].join();
                sum += results[i];
            }
            return sum;
        }), expectedSpawnSum());
    }

    /**
     * The floor of any task that can be joined: a minimal handle ({@link FloorTasks.Joinable}) on each
     * raw virtual thread. Not a baseline to beat: it tells what a task handle costs before Spindle's
     * own bookkeeping.
     */
    @Benchmark
    public long floorJoinable() throws Exception {
        return floor(FloorTasks.Joinable::new);
    }

    /** As {@link #floorJoinable()}, with a handle that can also be cancelled ({@link FloorTasks.Cancellable}). */
    @Benchmark
    public long floorCancellable() throws Exception {
        return floor(FloorTasks.Cancellable::new);
    }

    /** W1 with the handles {@code make} returns, each started on a raw virtual thread and joined. */
    private static long floor(Function<IntSupplier, FloorTasks.Joinable> make) throws Exception {
        return check(inVirtualThread(() -> {
            FloorTasks.Joinable[] tasks = new FloorTasks.Joinable[TASKS];
            for (int i = 0; i < TASKS; i++) {
                int v = i;
                tasks[i] = make.apply(() -> v);
                Thread.startVirtualThread(tasks[i]);
            }
            long sum = 0;
            for (FloorTasks.Joinable t : tasks) {
                sum += t.join();
            }
            return sum;
        }), expectedSpawnSum());
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}: submit each, {@code get} each, close. */
    @Benchmark
    public long executor() throws Exception {
        return check(inVirtualThread(() -> {
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                Future<Integer>[] futures = new Future[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    int v = i;
                    futures[i] = executor.submit(() -> v);
                }
                long sum = 0;
                for (Future<Integer> f : futures) {
                    sum += f.get();
                }
                return sum;
            }
        }), expectedSpawnSum());
    }

    /** JDK 25's {@code StructuredTaskScope.open()} (preview): fork each, join, read each subtask. */
    @Benchmark
    public long structuredTaskScope() throws Exception {
        return check(inVirtualThread(() -> {
            try (StructuredTaskScope<Integer, Void> scope = StructuredTaskScope.open()) {
                @SuppressWarnings({"unchecked", "rawtypes"})
                StructuredTaskScope.Subtask<Integer>[] subtasks = new StructuredTaskScope.Subtask[TASKS];
                for (int i = 0; i < TASKS; i++) {
                    int v = i;
                    subtasks[i] = scope.fork(() -> v);
                }
                scope.join();
                long sum = 0;
                for (StructuredTaskScope.Subtask<Integer> s : subtasks) {
                    sum += s.get();
                }
                return sum;
            }
        }), expectedSpawnSum());
    }
}
