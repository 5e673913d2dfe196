package dev.spindle;

import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How a task's thread finds its task after the body replaced the thread's uncaught-exception handler,
 * the slot where {@link TaskImpl#run()} leaves the task (see {@link TaskImpl#current()}). The JDK offers
 * no hook on {@link Thread#setUncaughtExceptionHandler}, so the replacement is only seen afterwards, when
 * the thread looks for its task and finds a handler that is not one:
 * <ol>
 *   <li>A thread that is not virtual, or any thread while no run is in progress, runs no task: every
 *       engine runs tasks on virtual threads. Otherwise, a thread with no {@code TaskImpl.run} frame on
 *       its stack runs none either (a walk of its own stack, which only threads outside tasks and
 *       detached ones pay).</li>
 *   <li>A task that recorded itself in {@link #TASK} is found there: once a run has seen one detached
 *       thread, every task it starts afterwards records itself as it starts ({@link #started}), at the
 *       price of a thread-local map on its thread.</li>
 *   <li>Otherwise the thread is one that was running when its run first saw a detached thread: the
 *       lookup walks the runs in progress once, indexes every running task by its thread in
 *       {@link #INDEX} and marks the runs, so that the tasks they start from then on take step 2. The
 *       walk happens again only if the index misses the thread.</li>
 * </ol>
 * Whatever a body does to its handler, it never costs more than one walk of the run's tasks per run, plus
 * a thread-local map per task started after that walk; a run whose bodies leave the handler alone pays
 * one volatile read per task.
 *
 * <p>This class is thread-safe: the registry is concurrent, the index is guarded by itself.
 */
final class DetachedThreads {

    /** The runs in progress, for the walk. */
    private static final Set<RunScope> RUNS = ConcurrentHashMap.newKeySet();
    /** The task of the calling thread, for tasks started after their run saw a detached thread. */
    private static final ThreadLocal<TaskImpl<?>> TASK = new ThreadLocal<>();
    /** Running tasks by thread, as the last walk found them; guarded by itself. */
    private static final Map<Thread, TaskImpl<?>> INDEX = new WeakHashMap<>();
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private DetachedThreads() {}

    /** Registers a run that starts; its thread calls {@link #runEnded} when it has ended. */
    static void runStarted(RunScope run) {
        RUNS.add(run);
    }

    static void runEnded(RunScope run) {
        RUNS.remove(run);
    }

    /** Called by a task's thread as it starts: records the task if its run has seen a detached thread. */
    static void started(TaskImpl<?> task) {
        if (task.run.hasDetachedThreads()) {
            TASK.set(task);
        }
    }

    /**
     * The task the calling thread runs although its handler is not the task, or {@code null}.
     *
     * @param self the calling thread
     * @return its task, or {@code null} if it runs none
     */
    static TaskImpl<?> find(Thread self) {
        if (!self.isVirtual() || RUNS.isEmpty() || !runsTaskBody()) {
            return null;
        }
        TaskImpl<?> recorded = TASK.get();
        if (recorded != null && recorded.threadForUnpark() == self) {
            return recorded;
        }
        synchronized (INDEX) {
            TaskImpl<?> indexed = INDEX.get(self);
            if (indexed == null || indexed.threadForUnpark() != self) {
                reindex();
                indexed = INDEX.get(self);
            }
            if (indexed == null) {
                return null;
            }
            INDEX.remove(self);
            TASK.set(indexed);
            return indexed;
        }
    }

    /** Whether the calling thread's stack holds {@code TaskImpl.run}, as every task's thread does. */
    private static boolean runsTaskBody() {
        return WALKER.walk(frames -> frames.anyMatch(
                f -> f.getDeclaringClass() == TaskImpl.class && f.getMethodName().equals("run")));
    }

    /** Marks every run in progress and indexes the threads of all their running tasks; under the index's lock. */
    private static void reindex() {
        INDEX.clear();
        for (RunScope run : RUNS) {
            run.markDetachedThreads(); // before the walk: a task started after it records itself
            for (TaskImpl<?> task : run.liveTasks()) {
                Thread thread = task.threadForUnpark();
                if (thread != null) {
                    INDEX.put(thread, task);
                }
            }
        }
    }
}
