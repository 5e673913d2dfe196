package dev.spindle.benchmarks;

import static dev.spindle.benchmarks.Workloads.TASKS;
import static dev.spindle.benchmarks.Workloads.inVirtualThread;
import static dev.spindle.benchmarks.Workloads.settledHeapUsed;

import dev.spindle.Spindle;
import dev.spindle.Task;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * M1 memory: heap bytes per parked task. Each operation parks 100,000 tasks on one latch, measures the
 * heap after full collections before they start and once all of them wait, and releases them. The
 * secondary metric {@code bytesPerTask} is the result; the time is only how long that took.
 *
 * <p>A parked virtual thread's stack lives on the heap (as stack chunks), so the figure covers the
 * thread, its stack, the body and whatever the library keeps per task.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
// Preview for the StructuredTaskScope baseline; the heap fixed and pre-touched (see Workloads).
@Fork(value = 3, jvmArgsAppend = {"--enable-preview", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
@State(Scope.Benchmark)
public class ParkedMemoryBenchmark {

    /** The secondary result JMH reports next to the time: heap bytes per parked task. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Heap {
        /** Set once per operation (one operation per single-shot iteration). */
        public double bytesPerTask;

        @Setup(Level.Iteration)
        public void clear() {
            bytesPerTask = 0;
        }
    }

    /** Tasks made with {@code createTask}, owned by the run. */
    @Benchmark
    public void spindleCreateTask(Heap heap) {
        Spindle.run(() -> {
            Parking p = new Parking();
            @SuppressWarnings({"unchecked", "rawtypes"})
            Task<Object>[] tasks = new Task[TASKS];
            for (int i = 0; i < TASKS; i++) {
                tasks[i] = Spindle.createTask(p::park);
            }
            heap.bytesPerTask = p.measureAndRelease();
            for (Task<Object> t : tasks) {
                t.join();
            }
        });
    }

    /** Tasks in a {@code taskGroup}, which also keeps them in the group until they end. */
    @Benchmark
    public void spindleTaskGroup(Heap heap) {
        Spindle.run(() -> {
            Parking p = new Parking();
            Spindle.taskGroup(group -> {
                for (int i = 0; i < TASKS; i++) {
                    group.createTask(p::park);
                }
                heap.bytesPerTask = p.measureAndRelease();
                return null;
            });
        });
    }

    /** The bar: {@code Thread.ofVirtual().start}, joined after the measurement. */
    @Benchmark
    public void virtualThreads(Heap heap) throws Exception {
        inVirtualThread(() -> {
            Parking p = new Parking();
            Thread[] threads = new Thread[TASKS];
            for (int i = 0; i < TASKS; i++) {
                threads[i] = Thread.ofVirtual().start(p::parkQuietly);
            }
            heap.bytesPerTask = p.measureAndRelease();
            for (Thread t : threads) {
                t.join();
            }
            return null;
        });
    }

    /** {@code Executors.newVirtualThreadPerTaskExecutor()}, which keeps its threads in a set. */
    @Benchmark
    public void executor(Heap heap) throws Exception {
        inVirtualThread(() -> {
            Parking p = new Parking();
            try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < TASKS; i++) {
                    executor.submit(p::park);
                }
                heap.bytesPerTask = p.measureAndRelease();
            }
            return null;
        });
    }

    /** JDK 25's {@code StructuredTaskScope.open()} (preview). */
    @Benchmark
    public void structuredTaskScope(Heap heap) throws Exception {
        inVirtualThread(() -> {
            Parking p = new Parking();
            try (StructuredTaskScope<Object, Void> scope = StructuredTaskScope.open()) {
                for (int i = 0; i < TASKS; i++) {
                    scope.fork(p::park);
                }
                heap.bytesPerTask = p.measureAndRelease();
                scope.join();
            }
            return null;
        });
    }

    /** Where the tasks wait, and the measurement around them. */
    private static final class Parking {
        private final CountDownLatch arrived = new CountDownLatch(TASKS);
        private final CountDownLatch release = new CountDownLatch(1);
        private final long before = settledHeapUsed();

        Object park() throws InterruptedException {
            arrived.countDown();
            release.await();
            return null;
        }

        void parkQuietly() {
            try {
                park();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Waits until every task waits, measures, and lets them all go. */
        double measureAndRelease() throws InterruptedException {
            try {
                arrived.await();
                // The last arrivals are one step from parking; their stacks reach the heap when they park.
                Thread.sleep(50);
                long after = settledHeapUsed();
                return (double) (after - before) / TASKS;
            } finally {
                release.countDown();
            }
        }
    }
}
