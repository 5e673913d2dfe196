package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link GracefulShutdown}: in this JVM through its API, and in a child JVM sent SIGTERM. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GracefulShutdownTest {

    @AfterEach
    void acceptRunsAgain() {
        GracefulShutdown.acceptRuns();
    }

    @Test
    @DisplayName("SIGTERM to a child JVM inside a run: finally blocks run, the report lists the task that ignored it, and the JVM exits within grace + slack")
    void sigtermRunsFinallyBlocksAndReportsStragglers() throws Exception {
        long graceMs = 1500;
        Path out = Files.createTempFile("spindle-shutdown-child", ".out");
        Path err = Files.createTempFile("spindle-shutdown-child", ".err");
        try {
            Process child = new ProcessBuilder(javaExecutable(), "-cp", childClassPath(), ShutdownChild.class.getName(),
                    Long.toString(graceMs)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).contains("READY")
                        || !child.isAlive());
                assertThat(child.isAlive()).as("child alive; stderr: %s", Files.readString(err)).isTrue();
                long signalled = System.nanoTime();
                child.destroy(); // SIGTERM
                assertThat(child.waitFor(graceMs + 5_000, TimeUnit.MILLISECONDS)).as("exited within grace + 5 s")
                        .isTrue();
                long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalled);
                String stdout = Files.readString(out);
                String stderr = Files.readString(err);
                assertThat(stdout).contains("finally ran: polite", "finally ran: slow-cleanup", "finally ran: main",
                        "stubborn ignores its cancellation");
                // main has ended (its run waits for the rest); only the task that ignored the cancellation is left
                assertThat(stderr).contains("Spindle shutdown: cancelled 1 run(s); after the grace of 1500 ms, 1 task(s)"
                        + " in 1 run(s) were still running", "run 'orders' (running for ");
                assertThat(stderr).containsPattern("task 'stubborn' #\\d+ CANCELLING, age \\d+ ms, waiting on sleep");
                assertThat(tookMs).as("stopped waiting after the grace").isGreaterThanOrEqualTo(graceMs - 100)
                        .isLessThan(graceMs + 5_000);
            } finally {
                child.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    @DisplayName("shutdown cancels a live run's main task, its tasks' finally blocks run, and the report is clean")
    void shutdownCancelsLiveRunsAndWaitsForThem() throws Exception {
        CountDownLatch waiting = new CountDownLatch(2);
        List<String> cleanedUp = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicReference<Throwable> runOutcome = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                Runner.create().withName("api-run").run(() -> {
                    Spindle.createTask("child", () -> {
                        try {
                            waiting.countDown();
                            Spindle.sleep(60_000);
                        } finally {
                            cleanedUp.add("child");
                        }
                        return null;
                    });
                    try {
                        waiting.countDown();
                        Spindle.sleep(60_000);
                    } finally {
                        cleanedUp.add("main");
                    }
                });
            } catch (Throwable t) {
                runOutcome.set(t);
            }
        });
        assertThat(waiting.await(10, TimeUnit.SECONDS)).isTrue();
        ShutdownReport report = GracefulShutdown.shutdown(Duration.ofSeconds(10));
        caller.join(10_000);
        assertThat(report.isClean()).isTrue();
        assertThat(report.runsCancelled()).isEqualTo(1);
        assertThat(report.waited()).isLessThan(Duration.ofSeconds(10));
        assertThat(report.toText()).startsWith("Spindle shutdown: cancelled 1 run(s); all ended within");
        assertThat(cleanedUp).containsExactlyInAnyOrder("child", "main");
        assertThat(runOutcome.get()).isInstanceOf(CancellationException.class)
                .hasMessageContaining("the process is shutting down");
    }

    @Test
    @DisplayName("after shutdown new runs are refused with a message that says why, until acceptRuns")
    void newRunsAreRefusedUntilAcceptRuns() {
        GracefulShutdown.shutdown(Duration.ZERO);
        assertThat(GracefulShutdown.isShuttingDown()).isTrue();
        assertThatThrownBy(() -> Spindle.run(() -> 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Spindle is shutting down").hasMessageContaining("acceptRuns");
        GracefulShutdown.acceptRuns();
        assertThat(Spindle.run(() -> 1)).isEqualTo(1);
    }

    @Test
    @DisplayName("[misuse] a null or negative grace is refused, and a task may not shut the process down")
    void misuseIsRefused() {
        assertThatThrownBy(() -> GracefulShutdown.shutdown(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("grace");
        assertThatThrownBy(() -> GracefulShutdown.installShutdownHook(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Spindle.run(() -> GracefulShutdown.shutdown(Duration.ZERO)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be called from task");
        assertThat(GracefulShutdown.isShuttingDown()).isFalse();
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Core's classes and tests: from the module path when the tests run on it, else the class path. */
    private static String childClassPath() {
        List<String> parts = new ArrayList<>();
        for (String key : List.of("jdk.module.path", "java.class.path")) {
            String value = System.getProperty(key);
            if (value != null && !value.isBlank()) {
                parts.add(value);
            }
        }
        return String.join(File.pathSeparator, parts);
    }

}
