package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Tasks still running when a run's main task returns are cancelled, as in asyncio, but not silently:
 * one DEBUG line on {@code dev.spindle} and a count in the run's entry among the recently ended ones.
 */
class LeftoverTasksTest {

    private static List<LogRecord> leftoverLines(JulCapture log, String run) {
        return log.at(Level.FINE).stream() // System.Logger's DEBUG is JUL's FINE
                .filter(r -> r.getMessage().startsWith("Run '" + run + "' cancelled")).toList();
    }

    private static EndedSnapshot endedRun(String run) {
        return TaskView.recentlyEnded().stream().filter(e -> e.kind().equals("run") && e.run().equals(run))
                .findFirst().orElseThrow();
    }

    @Test
    void tasksLeftRunningAreLoggedAtDebugWithTheFirstTenNamesAndCountedInTheRunsEndedEntry() {
        CountDownLatch started = new CountDownLatch(12);
        try (JulCapture log = JulCapture.start()) {
            Runner.create().withName("leftovers-12").run(() -> {
                for (int i = 1; i <= 12; i++) {
                    Spindle.createTask("worker-" + i, () -> {
                        started.countDown();
                        Spindle.sleep(600_000);
                    });
                }
                started.await();
            });
            List<LogRecord> lines = leftoverLines(log, "leftovers-12");
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).getMessage()).isEqualTo("Run 'leftovers-12' cancelled 12 task(s) still running"
                    + " when its main task ended: 'worker-1', 'worker-2', 'worker-3', 'worker-4', 'worker-5',"
                    + " 'worker-6', 'worker-7', 'worker-8', 'worker-9', 'worker-10' and 2 more");
        }
        EndedSnapshot run = endedRun("leftovers-12");
        assertThat(run.cancelledAtShutdown()).isEqualTo(12);
        assertThat(run.outcome()).isEqualTo("SUCCESS");
        ProcessSnapshot now = TaskView.snapshot();
        assertThat(now.toJson()).contains("\"cancelledAtShutdown\":12");
        assertThat(now.toText()).contains("cancelled 12 task(s) left running");
    }

    @Test
    void aTaskThatSwallowsItsCancellationIsCountedOnce() {
        CountDownLatch started = new CountDownLatch(1);
        try (JulCapture log = JulCapture.start()) {
            Runner.create().withName("leftovers-stubborn").run(() -> {
                Spindle.createTask("stubborn", () -> {
                    started.countDown();
                    try {
                        Spindle.sleep(600_000);
                    } catch (java.util.concurrent.CancellationException swallowed) {
                        Spindle.sleep(Duration.ofMillis(50)); // keeps running after the first cancellation
                    }
                });
                started.await();
            });
            assertThat(leftoverLines(log, "leftovers-stubborn")).singleElement()
                    .extracting(LogRecord::getMessage).asString().contains("cancelled 1 task(s)", "'stubborn'");
        }
        assertThat(endedRun("leftovers-stubborn").cancelledAtShutdown()).isEqualTo(1);
    }

    @Test
    void aRunWhoseTasksAllEndedBeforeMainLogsNothingAndCountsZero() {
        try (JulCapture log = JulCapture.start()) {
            Runner.create().withName("leftovers-none").run(() -> {
                Spindle.createTask("quick", () -> {}).join();
            });
            assertThat(leftoverLines(log, "leftovers-none")).isEmpty();
        }
        assertThat(endedRun("leftovers-none").cancelledAtShutdown()).isZero();
        assertThat(TaskView.snapshot().toJson()).contains("\"cancelledAtShutdown\":0");
    }

    @Test
    void aTaskThatEndsWithinTheShutdownGraceIsNotCounted() {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch mainDone = new CountDownLatch(1);
        Runner.create().withName("leftovers-grace").withShutdownGrace(Duration.ofSeconds(30)).run(() -> {
            Spindle.createTask("finisher", () -> {
                started.countDown();
                mainDone.await(); // ends on its own once main has returned, well within the grace
            });
            started.await();
            mainDone.countDown();
        });
        assertThat(endedRun("leftovers-grace").cancelledAtShutdown()).isZero();
    }
}
