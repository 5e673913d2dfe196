package dev.spindle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The process-wide view of Spindle: every live run with its tree of unfinished tasks, readable from
 * any thread (not only from a task, unlike {@link Spindle#dump()}), and the runs and tasks that ended
 * recently with the chain of reasons why. What the JMX bean, the {@code spindle ps} tool and the live
 * page of {@code spindle-monitor} show, and what metrics and services read.
 *
 * <pre>{@code
 * ProcessSnapshot now = TaskView.snapshot();
 * System.out.print(now.toText());          // or now.toJson()
 * TaskView.forEachLiveTask((run, task) -> inFlight.merge(task.name(), 1, Integer::sum));
 * }</pre>
 *
 * <p><b>What is kept.</b> A run is listed from just before its main task starts until its shutdown has
 * ended; it is removed then, so the view holds nothing of a finished run but its entry in the ring of
 * recently ended ones. That ring holds the last {@link #endedCapacity()} runs and tasks that ended:
 * every run, and every task other than a run's main task that ended {@code FAILED} or {@code CANCELLED}
 * (a task that returned is not recorded: most tasks return, and the task path must stay as fast as
 * without the view). Its size is the system property {@value #ENDED_CAPACITY_PROPERTY}, read once when
 * this class loads (default {@value #DEFAULT_ENDED_CAPACITY}; {@code 0} records nothing).
 *
 * <p><b>Cost.</b> Nothing is done per task while no one reads; a reader walks each run's task lists
 * (the ones {@link Spindle#allTasks()} walks) without taking any lock a task takes, so tasks are never
 * stopped, and what it reads is a best-effort snapshot: a task created or ended meanwhile may be
 * missing or still shown.
 *
 * <p>This class is thread-safe; it has no state of its own.
 *
 * @since 0.1.0
 */
public final class TaskView {

    /** The system property that sizes the ring of recently ended runs and tasks: {@value}. */
    public static final String ENDED_CAPACITY_PROPERTY = "spindle.endedCapacity";
    /** The ring's size when the property {@value #ENDED_CAPACITY_PROPERTY} is not set: {@value}. */
    public static final int DEFAULT_ENDED_CAPACITY = 32;

    private TaskView() {}

    /**
     * Takes a snapshot of every live run, its unfinished tasks as trees, and the recently ended runs and
     * tasks. Any thread may call it, inside a run or not; it never blocks on a task.
     *
     * @return the snapshot
     */
    public static ProcessSnapshot snapshot() {
        return snapshot(Integer.MAX_VALUE);
    }

    /**
     * Takes a snapshot as {@link #snapshot()} does, keeping at most {@code maxTasksPerRun} tasks of each
     * run: the top of its trees, breadth-first and by id; {@link RunSnapshot#omittedTasks()} counts the
     * rest. For views meant for people (the live page keeps 1,000), where a run of 100,000 tasks would be
     * unreadable and costly to render; the run's lists are still walked in full.
     *
     * @param maxTasksPerRun the most tasks kept per run, zero or more
     * @return the snapshot
     * @throws IllegalArgumentException if {@code maxTasksPerRun} is negative
     */
    public static ProcessSnapshot snapshot(int maxTasksPerRun) {
        if (maxTasksPerRun < 0) {
            throw new IllegalArgumentException("maxTasksPerRun must not be negative: " + maxTasksPerRun);
        }
        Instant now = Instant.now();
        List<RunSnapshot> runs = new ArrayList<>();
        for (LiveRuns.Entry e : LiveRuns.entries()) {
            runs.add(TaskTrees.of(e, now, maxTasksPerRun));
        }
        return new ProcessSnapshot(now, ProcessHandle.current().pid(), runs, LiveRuns.recentlyEnded());
    }

    /**
     * Visits every unfinished task of every live run, one by one, without building snapshots: the cheap
     * way to compute gauges such as tasks in flight per name or the oldest running task
     * ({@link Task#elapsed()}, which is zero in a run that does not time its tasks). The tasks are visited
     * in no particular order; a task created or ended meanwhile may be missed or still visited.
     *
     * @param visitor called with each task and the name of its run, on the calling thread
     * @throws NullPointerException if {@code visitor} is {@code null}
     */
    public static void forEachLiveTask(Visitor visitor) {
        Objects.requireNonNull(visitor, "visitor");
        for (LiveRuns.Entry e : LiveRuns.entries()) {
            for (TaskImpl<?> task : e.run.liveTasks()) {
                visitor.visit(e.run.name, task);
            }
        }
    }

    /**
     * Receives the tasks of {@link #forEachLiveTask}.
     *
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface Visitor {
        /**
         * Called once per unfinished task.
         *
         * @param run the name of the task's run
         * @param task the task; read it, but do not wait for it here
         */
        void visit(String run, Task<?> task);
    }

    /**
     * How many runs are live now (started and not yet shut down).
     *
     * @return the count
     */
    public static int liveRunCount() {
        return LiveRuns.count();
    }

    /**
     * How many recently ended runs and tasks the process keeps, from {@value #ENDED_CAPACITY_PROPERTY}.
     * Each entry keeps its finished task (a run's: its main task), whose reasons are read when asked, and
     * with it that task's result or failure; never the tasks it created. {@code 0} keeps none.
     *
     * @return zero or more
     */
    public static int endedCapacity() {
        return LiveRuns.endedCapacity();
    }

    /**
     * The recently ended runs and tasks, most recent first, as {@link ProcessSnapshot#ended()} lists them.
     *
     * @return at most {@link #endedCapacity()} entries
     */
    public static List<EndedSnapshot> recentlyEnded() {
        return LiveRuns.recentlyEnded();
    }

    /**
     * Why {@code task} ended, as a cause chain read outward: its own {@link Task#endReason()} first, then
     * what caused that (the failure of the sibling that cancelled it, the end of the run that shut it
     * down, the owner of the group that cancelled it...), and a failure's own causes.
     *
     * @param task a task of any run
     * @return the chain, empty while the task has not finished
     * @throws NullPointerException if {@code task} is {@code null}
     */
    public static List<String> reasonChain(Task<?> task) {
        Objects.requireNonNull(task, "task");
        return ReasonChain.of(task);
    }

    /** Milliseconds of a duration, for the renderings. */
    static long millis(Duration d) {
        return d.toMillis();
    }
}
