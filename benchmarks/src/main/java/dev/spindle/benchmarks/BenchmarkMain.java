package dev.spindle.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the benchmarks in one JMH run and writes JMH's JSON result, which {@code benchmarks/report.py}
 * turns into the README table.
 *
 * <p>Arguments: {@code quick|full} [result file] [benchmark regex] [profilers, comma-separated, each
 * {@code name} or {@code name:options}]. {@code quick} (one fork, short iterations) takes about two and a
 * half minutes on two cores and is for checking that everything runs; {@code full} (three forks, longer
 * iterations) is for numbers worth quoting.
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
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(BenchmarkMain.class.getPackageName() + ".*(" + include + ")")
                .resultFormat(ResultFormatType.JSON)
                .result(result);
        switch (mode) {
            case "quick" -> options.forks(1)
                    .warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(2).measurementTime(TimeValue.seconds(1));
            case "full" -> options.forks(3)
                    .warmupIterations(3).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(2));
            default -> throw new IllegalArgumentException("mode must be quick or full, not '" + args[0] + "'");
        }
        if (args.length > 3) {
            for (String profiler : args[3].split(",")) {
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
        }
        String loadBefore = loadAverage();
        Instant started = Instant.now();
        new Runner(options.build()).run();
        writeMachine(Path.of(result + ".machine.json"), mode, started, loadBefore, loadAverage());
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
    private static void writeMachine(Path file, String mode, Instant started, String loadBefore, String loadAfter) {
        String json = String.format(Locale.ROOT, """
                {
                  "cores": %d,
                  "os": "%s %s",
                  "mode": "%s",
                  "started": "%s",
                  "finished": "%s",
                  "loadBefore": "%s",
                  "loadAfter": "%s"
                }
                """, Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), mode, started, Instant.now(), loadBefore, loadAfter);
        try {
            Files.writeString(file, json);
        } catch (IOException e) {
            System.err.println("Could not write " + file + ": " + e);
        }
    }
}
