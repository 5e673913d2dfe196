package dev.spindle.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks in one JMH run and writes JMH's JSON result, which {@code benchmarks/report.py}
 * turns into the results tables of {@code docs/performance.md}.
 *
 * <p>Arguments: {@code quick|full} [result file] [benchmark regex] [profilers, comma-separated, each
 * {@code name} or {@code name:options}]. {@code quick} (one fork, two one-second iterations after one
 * warm-up) takes about two and a half minutes on two cores and is for checking that everything runs;
 * {@code full} (three forks, five iterations after three two-second warm-ups; W5 five forks) takes about
 * twenty and is for numbers worth quoting. Three JMH passes, one for the timed workloads, one for the
 * single-shot memory benchmark and one for the single-shot million-task workload (W5), go into one JSON
 * file.
 *
 * <p>System properties: {@code spindle.bench.forks} overrides the mode's fork count (in full mode three,
 * and five for W5);
 * {@code spindle.bench.rounds} runs everything that many times with one fork each (instead of all forks
 * of one benchmark back to back), so that a machine that changes speed during the run, as shared
 * virtual machines do for minutes at a time, touches every variant alike; {@code spindle.bench.carriers}
 * limits the virtual-thread scheduler of every fork to that many carrier threads
 * ({@code jdk.virtualThreadScheduler.parallelism}). Each is ignored when empty.
 * {@code spindle.bench.millionGc} ({@code true} unless {@code false}) makes JMH collect the heap before each
 * W5 operation, as {@link Interleaved} does: see the W5 pass below.
 */
public final class BenchmarkMain {

    private BenchmarkMain() {}

    /**
     * Runs the benchmarks.
     *
     * @param args mode, result file, regex, profilers
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        String mode = args.length > 0 ? args[0].toLowerCase(Locale.ROOT) : "quick";
        String result = args.length > 1 ? args[1] : "jmh-result.json";
        String include = args.length > 2 && !args[2].isBlank() ? args[2] : ".*";
        String profilers = args.length > 3 ? args[3] : "";
        if (!mode.equals("quick") && !mode.equals("full")) {
            throw new IllegalArgumentException("mode must be quick or full, not '" + args[0] + "'");
        }
        boolean quick = mode.equals("quick");
        int rounds = intProperty("spindle.bench.rounds", 1);
        int forks = rounds > 1 ? 1 : intProperty("spindle.bench.forks", quick ? 1 : 3);
        int carriers = intProperty("spindle.bench.carriers", 0);
        String pkg = BenchmarkMain.class.getPackageName() + ".";
        String memory = ParkedMemoryBenchmark.class.getSimpleName();
        String million = MillionSleepersBenchmark.class.getSimpleName();

        // The timed workloads: iterations of a fixed length, each running the workload as often as fits.
        String selected = "^(?=.*(" + include + "))" + pkg;
        ChainedOptionsBuilder timed = options(selected + "(?!" + memory + "|" + million + ").*", profilers,
                forks, carriers)
                // Full mode warms up for 6 s: W2's first operations, before the JIT has compiled the task
                // paths, take over a second each, so a shorter warm-up leaves them in the measurement.
                .warmupIterations(quick ? 1 : 3).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 2 : 5).measurementTime(TimeValue.seconds(1));
        // M1: one single-shot operation per iteration (each parks 100,000 tasks and collects the heap).
        ChainedOptionsBuilder single = options(selected + memory + "\\..*", profilers, forks, carriers)
                .warmupIterations(quick ? 0 : 1)
                .measurementIterations(2);
        // W5: single-shot too (an operation takes seconds), after three warm-up operations in full mode, as
        // Interleaved does: with one, Spindle's first one to three measured operations still took 4-8 s
        // against 2.8 s after (the JIT and G1's young-generation sizing settling), raw threads' first 2.1 s.
        // JMH collects the heap before each W5 operation (spindle.bench.millionGc=false turns it off): an
        // operation leaves about a gigabyte of tasks that lived through its second, promoted, for the next
        // one's collections to reclaim, so without it each operation also pays for the one before, by how
        // far G1's old-generation cycle happened to have got (docs/million-tasks.md has both figures).
        // Five forks in full mode unless spindle.bench.forks says otherwise: W5's forks differ by more than its
        // operations within a fork do (one in three to five is 10-25 % slower throughout, in either variant),
        // so the median over three forks moved between 1.05 and 1.28 of raw in one afternoon.
        int millionForks = rounds > 1 ? 1 : intProperty("spindle.bench.forks", quick ? 1 : 5);
        ChainedOptionsBuilder millionTasks = options(selected + million + "\\..*", profilers, millionForks, carriers)
                .warmupIterations(quick ? 1 : 3)
                .measurementIterations(quick ? 2 : 5)
                .shouldDoGC(!"false".equals(System.getProperty("spindle.bench.millionGc", "").strip()));

        String loadBefore = loadAverage();
        Instant started = Instant.now();
        List<RunResult> results = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            if (rounds > 1) {
                System.out.println("# Spindle benchmarks: round " + round + " of " + rounds);
            }
            results.addAll(runIfAny(timed));
            results.addAll(runIfAny(single));
            results.addAll(runIfAny(millionTasks));
        }
        ResultFormatFactory.getInstance(ResultFormatType.JSON, result).writeOut(results);
        System.out.println("JMH result (" + results.size() + " benchmarks) written to " + result);
        writeMachine(Path.of(result + ".machine.json"), mode, rounds, carriers, started, loadBefore, loadAverage());
    }

    /** One pass's options: its benchmarks, profilers, forks and (when {@code carriers > 0}) carrier limit. */
    private static ChainedOptionsBuilder options(String regex, String profilers, int forks, int carriers) {
        ChainedOptionsBuilder options = new OptionsBuilder().include(regex).resultFormat(ResultFormatType.TEXT)
                .result(System.getProperty("java.io.tmpdir") + "/spindle-jmh-pass.txt").forks(forks);
        if (carriers > 0) { // prepended: the @Fork annotations' appended arguments stay in effect
            options.jvmArgsPrepend("-Djdk.virtualThreadScheduler.parallelism=" + carriers);
        }
        for (String profiler : profilers.split(",")) {
            if (profiler.isBlank()) {
                continue;
            }
            int colon = profiler.indexOf(':');
            if (colon < 0) {
                options.addProfiler(profiler.strip());
            } else {
                options.addProfiler(profiler.substring(0, colon).strip(), profiler.substring(colon + 1));
            }
        }
        return options;
    }

    /** Runs one pass, or nothing when the regex matches no benchmark of it. */
    private static Collection<RunResult> runIfAny(ChainedOptionsBuilder options) throws RunnerException {
        try {
            return new Runner(options.build()).run();
        } catch (NoBenchmarksException e) {
            return List.of();
        }
    }

    /** A positive integer system property, or {@code fallback} when it is unset or empty. */
    private static int intProperty(String name, int fallback) {
        String value = System.getProperty(name, "").strip();
        if (value.isEmpty()) {
            return fallback;
        }
        int n = Integer.parseInt(value);
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + n);
        }
        return n;
    }

    /** The 1, 5 and 15 minute load averages from {@code /proc/loadavg}, or the JVM's 1-minute one. */
    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** What JMH's JSON lacks and the report needs: cores, date, mode, how loaded the machine was. */
    private static void writeMachine(Path file, String mode, int rounds, int carriers, Instant started,
            String loadBefore, String loadAfter) {
        String json = String.format(Locale.ROOT, """
                {
                  "cores": %d,
                  "rounds": %d,
                  "carriers": %d,
                  "os": "%s %s",
                  "mode": "%s",
                  "started": "%s",
                  "finished": "%s",
                  "loadBefore": "%s",
                  "loadAfter": "%s"
                }
                """, Runtime.getRuntime().availableProcessors(), rounds, carriers, System.getProperty("os.name"),
                System.getProperty("os.arch"), mode, started, Instant.now(), loadBefore, loadAfter);
        try {
            Files.writeString(file, json);
        } catch (IOException e) {
            System.err.println("Could not write " + file + ": " + e);
        }
    }
}
