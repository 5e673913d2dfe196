package dev.spindle.sts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spindle.Runner;
import dev.spindle.Spindle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the STS engine is picked, when not, and what Spindle says about it. */
class StsEngineSelectionTest {

    private static final ScopedValue<String> PROBE = ScopedValue.newInstance();

    /** Whether a run's main task sees a binding made around the run: only the STS engine passes it on. */
    private static boolean runsOnSts(Runner runner) {
        return ScopedValue.where(PROBE, "x").call(() -> runner.run(() -> PROBE.isBound()));
    }

    @Test
    void onJdk25WithPreviewTheEngineIsUsable() {
        assertThat(new StsEngine().unavailableReason()).isNull();
        assertThat(new StsEngine().priority()).isGreaterThan(0);
    }

    @Test
    void aRunnerThatNamesNoEngineGetsTheStsEngineWhenItCanRun() {
        assertThat(runsOnSts(Runner.create())).isTrue();
        assertThat(runsOnSts(Runner.create().withEngine("sts"))).isTrue();
        assertThat(runsOnSts(Runner.create().withEngine("portable"))).isFalse();
    }

    @Test
    void theEnginePropertyPicksTheEngineForRunnersThatNameNone() {
        String before = System.getProperty("spindle.engine");
        System.setProperty("spindle.engine", "portable");
        try {
            assertThat(runsOnSts(Runner.create())).isFalse();
            assertThat(runsOnSts(Runner.create().withEngine("sts"))).as("a runner's own choice wins").isTrue();
        } finally {
            if (before == null) {
                System.clearProperty("spindle.engine");
            } else {
                System.setProperty("spindle.engine", before);
            }
        }
    }

    @Test
    void anotherJdkIsReportedWithItsFeatureRelease() {
        ClassLoader loader = StsEngine.class.getClassLoader();
        assertThat(StsEngine.unavailableReason(26, loader))
                .contains("JDK 25's preview StructuredTaskScope").contains("this JVM is JDK 26")
                .contains("has changed or become final");
        assertThat(StsEngine.unavailableReason(21, loader)).contains("JDK 21").contains("does not exist yet");
        assertThat(StsEngine.unavailableReason(25, loader)).isNull();
    }

    @Test
    void theEngineNeverTouchesThePreviewApiBeforeItsCheckPasses() throws IOException {
        // The provider class must load without --enable-preview (and on later JDKs) to say why it
        // cannot run; only the bridge may carry the preview mark (minor version 0xFFFF).
        assertThat(minorVersion(StsEngine.class)).isZero();
        assertThat(minorVersion(StsScope.class)).isEqualTo(0xFFFF);
    }

    private static int minorVersion(Class<?> c) throws IOException {
        try (var in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            byte[] head = in.readNBytes(8);
            return ((head[4] & 0xFF) << 8) | (head[5] & 0xFF);
        }
    }

    // ---------------------------------------------------------------- in a child JVM, on the class path

    @Test
    void withoutPreviewTheRunFallsBackToThePortableEngineAndOneDebugLineSaysWhy(@TempDir Path dir)
            throws Exception {
        String out = probe(dir, false);

        assertThat(out).contains("auto run returned 1");
        assertThat(lines(out, "Spindle uses the")).singleElement().asString()
                .startsWith("FINE Spindle uses the 'portable' engine; sts unavailable: preview features are not"
                        + " enabled: start the JVM with --enable-preview");
        assertThat(out).contains("asked-for sts: Spindle engine 'sts' cannot run here: preview features are not"
                + " enabled");
    }

    @Test
    void withPreviewOnJdk25TheStsEngineIsFoundOnTheClassPathAndPicked(@TempDir Path dir) throws Exception {
        String out = probe(dir, true);

        assertThat(out).contains("auto run returned 1");
        assertThat(lines(out, "Spindle uses the")).containsExactly("FINE Spindle uses the 'sts' engine");
        assertThat(out).contains("asked-for sts: ran");
    }

    private static List<String> lines(String out, String containing) {
        return out.lines().filter(l -> l.contains(containing)).toList();
    }

    /** Runs {@link EngineProbe} in a new JVM of this JDK, everything on the class path, DEBUG logging on. */
    private static String probe(Path dir, boolean preview) throws Exception {
        Path logging = dir.resolve("logging.properties");
        Files.writeString(logging, """
                handlers=java.util.logging.ConsoleHandler
                java.util.logging.ConsoleHandler.level=ALL
                java.util.logging.SimpleFormatter.format=%4$s %5$s%n
                dev.spindle.level=ALL
                """);
        String classPath = String.join(java.io.File.pathSeparator, location(Spindle.class),
                location(StsEngine.class), location(EngineProbe.class));
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        if (preview) {
            cmd.add("--enable-preview");
        }
        cmd.addAll(List.of("-Djava.util.logging.config.file=" + logging, "-cp", classPath,
                EngineProbe.class.getName()));
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt"); // the log lines; kept apart so lines never interleave
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        boolean ended = p.waitFor(30, TimeUnit.SECONDS);
        String out = Files.readString(stdout, StandardCharsets.UTF_8) + Files.readString(stderr, StandardCharsets.UTF_8);
        assertThat(ended).as("probe output:%n%s", out).isTrue();
        assertThat(p.exitValue()).as("probe output:%n%s", out).isZero();
        return out;
    }

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }
}
