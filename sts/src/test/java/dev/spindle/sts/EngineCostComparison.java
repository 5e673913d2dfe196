package dev.spindle.sts;

import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * What the StructuredTaskScope engine costs against the portable one: a timed comparison, not a test.
 * Each workload runs in one run on each engine, rounds interleaved so that machine noise hits both alike;
 * the median of the measured rounds is reported, and the ratio sts/portable.
 *
 * <pre>
 * mvn -pl sts -am -Pcompare-engines verify -DskipTests
 * </pre>
 *
 * Arguments (all optional): measured rounds (default 9), warm-up rounds (default 3).
 */
public final class EngineCostComparison {

    private static final int TASKS = 100_000;
    private static final int GATHERS = 10_000;

    private EngineCostComparison() {}

    /** A workload: the body of one run. */
    private record Workload(String name, Callable<Object> body) {}

    /**
     * Runs the comparison and prints one line per workload.
     *
     * @param args measured rounds, warm-up rounds
     * @throws Exception if a run fails
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<Workload> workloads = List.of(
                new Workload("spawn-join " + TASKS + " tasks of the run (createTask from main, then join each)",
                        EngineCostComparison::spawnJoinInRun),
                new Workload("spawn-join " + TASKS + " tasks in one TaskGroup", EngineCostComparison::spawnJoinInGroup),
                new Workload(GATHERS + " gathers of 2 tasks (a scope opened and closed per gather)",
                        EngineCostComparison::manyGathers),
                new Workload(GATHERS + " taskGroups of 2 tasks (a scope and its forker per group)",
                        EngineCostComparison::manyGroups));
        Runner portable = Runner.create().withEngine("portable");
        Runner sts = Runner.create().withEngine(StsEngine.NAME);
        System.out.printf(Locale.ROOT, "JDK %s, %d processors; %d warm-up and %d measured rounds each%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), warmUp, rounds);
        for (Workload w : workloads) {
            long[] p = new long[rounds];
            long[] s = new long[rounds];
            for (int i = 0; i < warmUp; i++) {
                time(portable, w);
                time(sts, w);
            }
            for (int i = 0; i < rounds; i++) {
                p[i] = time(portable, w);
                s[i] = time(sts, w);
            }
            double pm = median(p) / 1e6;
            double sm = median(s) / 1e6;
            System.out.printf(Locale.ROOT, "%-80s portable %8.1f ms  sts %8.1f ms  ratio %.2f%n", w.name(), pm, sm,
                    sm / pm);
        }
    }

    private static long time(Runner runner, Workload w) throws Exception {
        System.gc();
        long t0 = System.nanoTime();
        runner.run(w.body());
        return System.nanoTime() - t0;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static Object spawnJoinInRun() {
        List<Task<Integer>> tasks = new ArrayList<>(TASKS);
        for (int i = 0; i < TASKS; i++) {
            int n = i;
            tasks.add(Spindle.createTask(() -> n));
        }
        long sum = 0;
        for (Task<Integer> t : tasks) {
            sum += t.join();
        }
        return sum;
    }

    private static Object spawnJoinInGroup() {
        return Spindle.taskGroup(g -> {
            for (int i = 0; i < TASKS; i++) {
                int n = i;
                g.createTask(() -> n);
            }
            return null;
        });
    }

    private static Object manyGroups() {
        long sum = 0;
        for (int i = 0; i < GATHERS; i++) {
            int n = i;
            sum += Spindle.taskGroup(g -> {
                Task<Integer> a = g.createTask(() -> n);
                Task<Integer> b = g.createTask(() -> n + 1);
                return List.of(a, b);
            }).stream().mapToInt(Task::resultNow).sum();
        }
        return sum;
    }

    private static Object manyGathers() {
        long sum = 0;
        for (int i = 0; i < GATHERS; i++) {
            int n = i;
            List<Integer> r = Spindle.gather(() -> n, () -> n + 1);
            sum += r.get(0) + r.get(1);
        }
        return sum;
    }
}
