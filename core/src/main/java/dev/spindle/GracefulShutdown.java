package dev.spindle;

import dev.spindle.internal.Clocks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends every live run of the process in an orderly way, for SIGTERM and SIGINT or for a framework's own
 * shutdown: {@link #shutdown(Duration)} stops new runs from starting, cancels every live run's main task
 * (whose run then cancels its other tasks and waits for them, as it does when main ends), waits up to a
 * grace budget for {@code finally} blocks and {@linkplain Spindle#shield shields} to finish, then
 * interrupts the threads of the tasks still running, stops waiting, and logs one report of what was left
 * (run, task names, ages, what they waited on) at WARNING on logger {@code dev.spindle}.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     GracefulShutdown.installShutdownHook(Duration.ofSeconds(10));   // opt-in, once
 *     Spindle.run(() -> serve());
 * }
 * }</pre>
 *
 * <p>Without it a JVM ends on SIGTERM without running any task's {@code finally} block: the JDK runs
 * shutdown hooks, then halts, and virtual threads are daemon threads. The hook is opt-in because it changes
 * what SIGTERM does to every run in the process.
 *
 * <p>After {@link #shutdown}, {@link Runner#run} throws {@link IllegalStateException} until
 * {@link #acceptRuns()} is called (a framework that restarts its context in the same JVM calls it as it
 * starts again). The process-wide list of live runs is {@link TaskView}'s.
 *
 * <p>This class is thread-safe; concurrent {@code shutdown} calls take turns.
 *
 * @since 0.1.0
 */
public final class GracefulShutdown {

    private static final System.Logger LOG = System.getLogger("dev.spindle");
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static volatile boolean stopping;

    private GracefulShutdown() {}

    /**
     * Stops new runs, cancels every live run's main task, waits up to {@code grace} for the runs to end,
     * then interrupts the threads of the tasks still running and returns without waiting for them. Logs
     * the report: at WARNING when tasks were left, at INFO otherwise. Any thread may call it, but not a
     * task (it would wait for its own run).
     *
     * @param grace how long to wait for the runs to end, zero or positive
     * @return how many runs it cancelled and what was still running when the grace ran out
     * @throws NullPointerException if {@code grace} is {@code null}
     * @throws IllegalArgumentException if {@code grace} is negative
     * @throws IllegalStateException if called from a Spindle task
     */
    public static synchronized ShutdownReport shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        TaskImpl<?> current = TaskImpl.current();
        if (current != null) {
            throw new IllegalStateException("GracefulShutdown.shutdown cannot be called from task '" + current.name()
                    + "': it waits for every run, its own included. Call it from a thread outside Spindle");
        }
        stopping = true;
        long start = System.nanoTime();
        long deadline = start + grace.toNanos();
        Set<RunScope> cancelled = Collections.newSetFromMap(new IdentityHashMap<>());
        cancelMainTasks(cancelled);
        // A run that passed Runner.run's check just before it was closed may list itself meanwhile: keep
        // cancelling while waiting, so it is cancelled too.
        while (LiveRuns.count() > 0 && System.nanoTime() - deadline < 0) {
            long left = deadline - System.nanoTime();
            try {
                TimeUnit.NANOSECONDS.sleep(Math.min(left, POLL_NANOS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // stop waiting, keep the interrupt for the caller
                break;
            }
            cancelMainTasks(cancelled);
        }
        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        List<ShutdownReport.Straggler> left = stragglers(TaskView.snapshot());
        interruptLiveTasks();
        ShutdownReport report = new ShutdownReport(Instant.now(), grace, waited, cancelled.size(), left);
        if (report.isClean()) {
            LOG.log(System.Logger.Level.INFO, report.toText());
        } else {
            LOG.log(System.Logger.Level.WARNING, report.toText());
        }
        return report;
    }

    /**
     * Installs a JVM shutdown hook (run on SIGTERM, SIGINT, {@link System#exit} and the normal end of the
     * program) that calls {@link #shutdown(Duration)} with {@code grace}. A JVM ends within about
     * {@code grace} (plus the time the report takes) after the signal, whatever its tasks do. Besides the
     * log, the hook prints the report to standard error: logging frameworks shut down in shutdown hooks
     * of their own, which the JVM runs in parallel with this one, so the log line may be lost.
     *
     * @param grace how long the hook waits for the runs to end, zero or positive
     * @return removes the hook; closing twice, or while the JVM is already shutting down, does nothing
     * @throws NullPointerException if {@code grace} is {@code null}
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public static Runner.Registration installShutdownHook(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        Thread hook = new Thread(() -> {
            ShutdownReport report = shutdown(grace);
            // Logging frameworks shut down in hooks of their own, in parallel with this one
            // (java.util.logging's LogManager resets its handlers in one), so the log line may be lost.
            System.err.println(report.toText());
            System.err.flush();
        }, "spindle-graceful-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is shutting down: the hook runs or has run
                }
            }
        };
    }

    /**
     * Whether {@link #shutdown} has been called (and {@link #acceptRuns()} not since): new runs are refused.
     *
     * @return whether new runs are refused
     */
    public static boolean isShuttingDown() {
        return stopping;
    }

    /**
     * Lets runs start again after {@link #shutdown}: for a framework that stops and restarts its
     * application context in the same JVM, and for tests. Does nothing if runs are accepted already.
     */
    public static void acceptRuns() {
        stopping = false;
    }

    /** Throws if the process is shutting down; called by {@link Runner#run} before a run starts. */
    static void ensureAcceptingRuns() {
        if (stopping) {
            throw new IllegalStateException("Spindle is shutting down (GracefulShutdown.shutdown was called):"
                    + " no new run may start. A framework restarting in the same JVM calls GracefulShutdown.acceptRuns()");
        }
    }

    /** Requests cancellation of the main task of every live run not in {@code done}, and adds the run there. */
    private static void cancelMainTasks(Set<RunScope> done) {
        for (LiveRuns.Entry e : LiveRuns.entries()) {
            TaskImpl<?> main = e.run.mainTask();
            if (main != null && !done.contains(e.run)) {
                done.add(e.run);
                main.requestCancel(new EndReason.Cancelled("the process is shutting down"));
            }
        }
    }

    /** Interrupts the thread of every unfinished task, shields or not: the grace is over. */
    private static void interruptLiveTasks() {
        for (LiveRuns.Entry e : LiveRuns.entries()) {
            for (TaskImpl<?> task : e.run.liveTasks()) {
                Thread t = task.threadForUnpark();
                if (t != null) {
                    Clocks.interrupt(t); // a task of a virtual-time run must count as running again
                }
            }
        }
    }

    private static List<ShutdownReport.Straggler> stragglers(ProcessSnapshot snapshot) {
        List<ShutdownReport.Straggler> out = new ArrayList<>();
        for (RunSnapshot run : snapshot.runs()) {
            for (TaskSnapshot root : run.tasks()) {
                addAll(run, root, out);
            }
        }
        return out;
    }

    private static void addAll(RunSnapshot run, TaskSnapshot task, List<ShutdownReport.Straggler> out) {
        out.add(new ShutdownReport.Straggler(run.name(), run.age(), task.id(), task.name(), task.state(), task.age(),
                task.waitingOn()));
        for (TaskSnapshot child : task.children()) {
            addAll(run, child, out);
        }
    }
}
