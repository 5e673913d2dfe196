package dev.spindle.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An interleaved comparison in one JVM: the variants of one workload take turns, a few operations each,
 * round after round, and every figure is a median over the rounds. It complements the JMH run, whose
 * forks of one variant run minutes apart: the virtual machines this project runs on change speed (by
 * up to 2.5 times) for tens of seconds to minutes at a time, so two variants measured minutes apart may
 * have run on different machines, in effect. Here each round's variants run seconds apart, each round's
 * ratio to the baseline compares like with like, and the median of those ratios is the steadiest figure
 * this project has. It runs the JMH benchmarks' own methods, so the work is exactly theirs.
 *
 * <p>Arguments: the workload ({@code W1}, {@code W3}, {@code W4} or {@code W5}; {@code W1PAGE}: W1 with and
 * without the live page of {@code spindle-monitor} open, see {@link PagePoller}; {@code W1M}: W1 with and
 * without {@code SpindleMetrics}, see {@link MetricsOverheadBenchmark}), then optionally the rounds
 * (default 30) and the operations per variant in a round (default 5; 1 for W5, whose one operation takes
 * seconds). Three more rounds run first, as warm-up, and are not counted. Besides wall and CPU time per
 * operation it reports the collections per operation and the time the collectors spent in them (the
 * {@code GarbageCollectorMXBean}s' sums: pauses and, for G1's concurrent cycles, their concurrent work).
 * System property {@code spindle.bench.carriers}, when set and not empty,
 * limits the virtual-thread scheduler to that many carrier threads, as in the JMH run.
 *
 * <p>Run it as {@code mvn -q -pl benchmarks -am package -DskipTests exec:exec@interleaved
 * -Dbench.workload=W1}; the execution gives the JVM the JMH forks' heap settings.
 */
public final class Interleaved {

    private static final int WARM_UP_ROUNDS = 3;

    private Interleaved() {}

    /** One variant: a name and one operation of it (the benchmark method, which checks its own result). */
    private record Variant(String name, Operation operation) {}

    @FunctionalInterface
    interface Operation {
        long run() throws Exception;
    }

    /**
     * Runs the comparison and prints a table.
     *
     * @param args workload, rounds, operations per round
     * @throws Exception if a variant fails or computes a wrong result
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: Interleaved W1|W1PAGE|W1M|W3|W4|W5 [rounds] [operations per round]");
        }
        // Before the first virtual thread: the scheduler reads its parallelism once, as it is created.
        String carriers = System.getProperty("spindle.bench.carriers", "").strip();
        if (!carriers.isEmpty()) {
            System.setProperty("jdk.virtualThreadScheduler.parallelism", carriers);
        }
        String workload = args[0].toUpperCase(Locale.ROOT);
        int rounds = args.length > 1 ? positive(args[1], "rounds") : 30;
        int operations = args.length > 2 ? positive(args[2], "operations per round") : workload.equals("W5") ? 1 : 5;
        List<Variant> variants = variants(workload);

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Map<String, double[]> wall = new LinkedHashMap<>();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        Map<String, double[]> gcCount = new LinkedHashMap<>();
        Map<String, double[]> gcTime = new LinkedHashMap<>();
        for (Variant v : variants) {
            wall.put(v.name(), new double[rounds]);
            cpu.put(v.name(), new double[rounds]);
            gcCount.put(v.name(), new double[rounds]);
            gcTime.put(v.name(), new double[rounds]);
        }
        for (int round = -WARM_UP_ROUNDS; round < rounds; round++) {
            // Each round starts with the next variant, so that none always runs right after a collection.
            for (int k = 0; k < variants.size(); k++) {
                Variant v = variants.get(Math.floorMod(round + k, variants.size()));
                System.gc();
                long[] gc0 = collections();
                long cpu0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                for (int op = 0; op < operations; op++) {
                    v.operation().run();
                }
                long t1 = System.nanoTime();
                long cpu1 = os.getProcessCpuTime();
                long[] gc1 = collections();
                if (round >= 0) {
                    wall.get(v.name())[round] = (t1 - t0) / 1e6 / operations;
                    cpu.get(v.name())[round] = (cpu1 - cpu0) / 1e6 / operations;
                    gcCount.get(v.name())[round] = (double) (gc1[0] - gc0[0]) / operations;
                    gcTime.get(v.name())[round] = (double) (gc1[1] - gc0[1]) / operations;
                }
            }
        }
        print(workload, rounds, operations, carriers, wall, cpu, gcCount, gcTime);
        if (workload.equals("W1PAGE")) {
            System.out.println("page: " + PagePoller.summary());
        }
    }

    /** The collections so far and the milliseconds spent in them, summed over the JVM's collectors. */
    private static long[] collections() {
        long count = 0;
        long millis = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0L, gc.getCollectionCount());
            millis += Math.max(0L, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** The variants of a workload; the first is the baseline the others are divided by. */
    private static List<Variant> variants(String workload) {
        return switch (workload) {
            case "W1" -> {
                SpawnJoinBenchmark b = new SpawnJoinBenchmark();
                yield List.of(new Variant("virtualThreads", b::virtualThreads),
                        new Variant("floorCancellable", b::floorCancellable),
                        new Variant("spindleCreateTask", b::spindleCreateTask),
                        new Variant("spindleGather", b::spindleGather));
            }
            case "W1PAGE" -> { // W1 with the monitor's live page open and refreshing (PagePoller)
                SpawnJoinBenchmark b = new SpawnJoinBenchmark();
                yield List.of(new Variant("virtualThreads", b::virtualThreads),
                        new Variant("spindleCreateTask", b::spindleCreateTask),
                        new Variant("createTask+page", () -> PagePoller.withPageOpen(b::spindleCreateTask)),
                        new Variant("spindleGather", b::spindleGather),
                        new Variant("gather+page", () -> PagePoller.withPageOpen(b::spindleGather)));
            }
            case "W1M" -> {
                MetricsOverheadBenchmark b = new MetricsOverheadBenchmark();
                yield List.of(new Variant("none", b::none),
                        new Variant("timed", b::timed),
                        new Variant("noop", b::noop),
                        new Variant("metrics", b::metrics),
                        new Variant("metricsPrometheusHistogram", b::metricsPrometheusHistogram),
                        new Variant("timerRecord", b::timerRecord),
                        new Variant("timerRecordStoppedClock", b::timerRecordStoppedClock));
            }
            case "W3" -> {
                FanOutTreeBenchmark b = new FanOutTreeBenchmark();
                yield List.of(new Variant("virtualThreads", b::virtualThreads),
                        new Variant("spindleCreateTask", b::spindleCreateTask),
                        new Variant("spindleGather", b::spindleGather));
            }
            case "W4" -> {
                PingPongBenchmark b = new PingPongBenchmark();
                yield List.of(new Variant("arrayBlockingQueue", b::arrayBlockingQueue),
                        new Variant("spindleQueue", b::spindleQueue));
            }
            case "W5" -> {
                MillionSleepersBenchmark b = new MillionSleepersBenchmark();
                yield List.of(new Variant("virtualThreads", b::virtualThreads),
                        new Variant("spindleCreateTask", b::spindleCreateTask));
            }
            default -> throw new IllegalArgumentException("workload must be W1, W1PAGE, W1M, W3, W4 or W5, not '"
                    + workload + "'");
        };
    }

    private static void print(String workload, int rounds, int operations, String carriers,
            Map<String, double[]> wall, Map<String, double[]> cpu, Map<String, double[]> gcCount,
            Map<String, double[]> gcTime) {
        System.out.printf(Locale.ROOT, "%s interleaved in one JVM: %d rounds of %d operations per variant "
                + "(after %d warm-up rounds), %s carrier(s), %d cores, JDK %s%n", workload, rounds, operations,
                WARM_UP_ROUNDS, carriers.isEmpty() ? "default" : carriers,
                Runtime.getRuntime().availableProcessors(), Runtime.version());
        System.out.printf(Locale.ROOT, "%-20s %12s %19s %12s %14s %18s %8s %10s%n", "variant", "ms/op median",
                "ms/op quartiles", "CPU ms/op", "÷ baseline", "per-round ÷ (IQR)", "GCs/op", "GC ms/op");
        double[] base = wall.values().iterator().next();
        for (Map.Entry<String, double[]> e : wall.entrySet()) {
            double[] w = e.getValue();
            double[] paired = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                paired[r] = w[r] / base[r];
            }
            System.out.printf(Locale.ROOT, "%-20s %12.2f %9.2f – %-7.2f %12.2f %14.2f %8.2f (%.2f–%.2f) %8.1f %10.0f%n",
                    e.getKey(), quantile(w, 0.5), quantile(w, 0.25), quantile(w, 0.75),
                    quantile(cpu.get(e.getKey()), 0.5), quantile(w, 0.5) / quantile(base, 0.5),
                    quantile(paired, 0.5), quantile(paired, 0.25), quantile(paired, 0.75),
                    quantile(gcCount.get(e.getKey()), 0.5), quantile(gcTime.get(e.getKey()), 0.5));
        }
    }

    /** The {@code q} quantile of {@code values}, by linear interpolation between the nearest ranks. */
    static double quantile(double[] values, double q) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double at = q * (sorted.length - 1);
        int low = (int) Math.floor(at);
        int high = Math.min(low + 1, sorted.length - 1);
        return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
    }

    private static int positive(String value, String what) {
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, not " + n);
        }
        return n;
    }
}
