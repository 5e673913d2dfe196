package dev.spindle;

import dev.spindle.internal.Blocking;
import dev.spindle.internal.Clocks;
import dev.spindle.internal.Nanos;
import dev.spindle.internal.VirtualTimeline;
import dev.spindle.engine.EngineScope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

/**
 * One run: the tasks it owns, its shutdown, and the report of failures nobody retrieved.
 *
 * <p>The run finds every task it has not finished with: its main task; the tasks of {@code createTask},
 * each in the {@link CreatedTasks} of the task that created it (only the creator writes there, and a
 * finishing task only marks itself {@linkplain TaskImpl#isRetired() retired}, so a task created on one
 * carrier and finished on another shares no lock with anyone), reached through their creator while it
 * has not retired and kept by the run in {@link #creators} once it has, until they have all retired too;
 * and the children of a task group or a gather, through their group ({@link TaskLinks#openGroups}), whose
 * owner cannot finish before them. When the main task ends the run waits (at most the shutdown grace)
 * for the rest, cancels what is left, waits for it, and waits for the threads themselves to end, which
 * it finds through their {@link ExitChains}.
 */
final class RunScope implements TaskOwner {

    private static final System.Logger LOG = System.getLogger("dev.spindle");
    /** The fewest {@link #creators} the run sweeps; it sweeps again when their number has doubled. */
    private static final int MIN_SWEEP = 16;

    final String name;
    /** The run's observer (several are combined into one), or {@code null}: the only check on the hot path. */
    final TaskObserver observer;
    /** Whether tasks read the clock as they start and end: asked for, or needed by an observer. */
    final boolean timed;
    /** The observer wants the scheduling delay of the tasks whose id is a multiple of this; 1 without one. */
    final int delaySampling;
    final EngineScope engineScope;
    /** The run's context propagators combined into one, or {@code null}: applied to every task and toThread job. */
    final ContextPropagator context;
    private final Duration shutdownGrace;
    /** The run's virtual time, or {@code null} on the system clock. */
    final VirtualTimeline timeline;
    /** The main task, once {@link #runMain} has created it. */
    private volatile TaskImpl<?> mainTask;
    /** Retired tasks' lists of created tasks that may hold an unretired one; guarded by itself. */
    private final List<CreatedTasks> creators = new ArrayList<>();
    /** When {@link #creators} grows to this size it is swept; guarded by {@link #creators}. */
    private int sweepAt = MIN_SWEEP;
    private final Queue<TaskImpl<?>> failed = new ConcurrentLinkedQueue<>();
    /** The threads of finished tasks, for the shutdown to wait for. */
    private final ExitChains exits = new ExitChains();
    private volatile boolean shuttingDown;
    /** How many tasks were still running when the main task ended and were cancelled; written by the shutdown. */
    private volatile int cancelledAtShutdown;
    /** Set once a thread of this run was found detached from its task (see {@link DetachedThreads}). */
    private volatile boolean detachedThreads;

    RunScope(String name, TaskObserver observer, boolean taskTiming, EngineScope engineScope, Duration shutdownGrace) {
        this(name, observer, taskTiming, engineScope, shutdownGrace, null);
    }

    RunScope(String name, TaskObserver observer, boolean taskTiming, EngineScope engineScope, Duration shutdownGrace,
            ContextPropagator context) {
        this(name, observer, taskTiming, engineScope, shutdownGrace, context, null);
    }

    RunScope(String name, TaskObserver observer, boolean taskTiming, EngineScope engineScope, Duration shutdownGrace,
            ContextPropagator context, VirtualTimeline timeline) {
        this.timeline = timeline;
        this.name = name;
        this.context = context;
        this.observer = observer;
        this.timed = taskTiming || observer != null;
        this.delaySampling = observer == null ? 1 : Observers.delaySampling(observer);
        this.engineScope = engineScope;
        this.shutdownGrace = shutdownGrace;
    }

    // ---------------------------------------------------------------- tasks

    /**
     * Creates a task of this run; it is not started yet. A task created during shutdown is born cancelled.
     * A run-owned task ({@code group == null}) other than the main task must be created on its parent's
     * thread, which lists it in the parent's {@link CreatedTasks}. The run's context is captured here, on
     * the creating thread, and restored around the body.
     */
    <T> TaskImpl<T> newTask(TaskImpl<?> parent, TaskGroupImpl group, String name, Callable<? extends T> body) {
        TaskImpl<T> task = new TaskImpl<>(this, parent, group, name, Contexts.wrap(context, body));
        if (shuttingDown) {
            task.cancelBeforeStart(new EndReason.RunShutdown());
        }
        if (group == null && parent != null) {
            assert TaskImpl.current() == parent : "a run-owned task is created on its parent's thread";
            parent.createdTasks().add(task);
        }
        if (observer != null) {
            Observers.created(observer, task);
        }
        return task;
    }

    /** {@code Spindle.createTask}: creates a run-owned task of {@code creator} (its own thread) and starts it. */
    <T> TaskImpl<T> startTask(TaskImpl<?> creator, String name, Callable<? extends T> body) {
        TaskImpl<T> task = newTask(creator, null, name, body);
        start(task, name);
        return task;
    }

    /**
     * Starts a task made by {@link #newTask} in its engine scope (its group's, or the run's), on a thread
     * named {@code threadName}, or on an unnamed one when it is {@code null}: a default {@code Task-N} name
     * on every thread would cost a string per task, so only tasks given a name (and each run's main task)
     * name their threads.
     */
    void start(TaskImpl<?> task, String threadName) {
        VirtualTimeline virtual = timeline;
        if (virtual != null) {
            virtual.expect(task); // counts as running from now: time must not jump before it starts
        }
        try {
            task.engineScope().start(task, threadName);
        } catch (RuntimeException | Error e) {
            if (virtual != null) {
                virtual.unexpect(task);
            }
            task.retire(); // never started: nothing to wait for
            throw e;
        }
    }

    /**
     * Called by a finishing task's thread; returns the thread that finished before it, which the caller
     * hands to {@link #exiting(Thread)} as the last thing it does.
     */
    Thread taskFinished(TaskImpl<?> task) {
        Thread previous = exits.finished(task);
        keepIfUnfinished(task.created());
        task.dropCreated(); // the run has the list if it still matters; a task kept in view keeps no others
        task.retire();
        return previous;
    }

    /**
     * Hands the run the list of a retiring task's created tasks when some of them have not retired, so
     * that they can still be found once their creator cannot be. Each time the run's lists have doubled in
     * number since the last sweep, those whose tasks have all retired are dropped (and the others
     * compacted), so a long run keeps about twice as many as hold a task. Called by the retiring task's
     * thread before it marks itself retired.
     */
    private void keepIfUnfinished(CreatedTasks created) {
        if (created == null || !created.hasUnretired()) {
            return;
        }
        synchronized (creators) {
            if (creators.size() >= sweepAt) {
                creators.removeIf(CreatedTasks::compactIfCreatorRetired);
                sweepAt = Math.max(MIN_SWEEP, creators.size() * 2);
            }
            creators.add(created);
        }
    }

    /**
     * The last step of a task's thread: makes sure the shutdown waits for {@code previous} (the thread
     * that finished before the caller), unless it has already ended. Never blocks.
     */
    void exiting(Thread previous) {
        exits.exiting(previous);
    }

    @Override
    public EngineScope engineScope() {
        return engineScope;
    }

    /** Run-owned tasks inherit no deadline. */
    @Override
    public Instant deadline() {
        return null;
    }

    /** Nothing to do for a run-owned task: {@link #taskFinished} is told of every task. */
    @Override
    public void childFinished(TaskImpl<?> task) {}

    void failed(TaskImpl<?> task) {
        failed.add(task);
    }

    /** The main task, or {@code null} before it was created; any thread. */
    TaskImpl<?> mainTask() {
        return mainTask;
    }

    /** How many tasks the shutdown found running and cancelled; 0 until the shutdown has ended. Any thread. */
    int cancelledAtShutdown() {
        return cancelledAtShutdown;
    }

    boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Whether a body of this run replaced its thread's uncaught-exception handler; any thread. */
    boolean hasDetachedThreads() {
        return detachedThreads;
    }

    /** Makes the tasks started from now on record themselves for {@link DetachedThreads}; any thread. */
    void markDetachedThreads() {
        detachedThreads = true;
    }

    /** How many lists of created tasks the run holds now; for tests. */
    int creatorListCount() {
        synchronized (creators) {
            return creators.size();
        }
    }

    /**
     * The unfinished tasks, in no particular order. A finishing task retires only after its callbacks
     * ran, so finished ones are filtered out here.
     */
    Set<TaskImpl<?>> liveTasks() {
        return pending().stream().filter(t -> !t.isFinished()).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * The tasks the run still has to wait for: the run-owned ones that have not retired (finished ones
     * too, until they have run their callbacks) and, below each unfinished one, the unfinished children
     * of the groups it has open, and theirs (a group's owner waits for its children's callbacks itself).
     * A best-effort snapshot: a task created meanwhile may be missing (the shutdown asks again once the
     * tasks it found, creators included, have ended).
     */
    private List<TaskImpl<?>> pending() {
        List<TaskImpl<?>> found = new ArrayList<>();
        ArrayDeque<TaskImpl<?>> toVisit = new ArrayDeque<>();
        TaskImpl<?> main = mainTask;
        if (main != null && !main.isRetired()) {
            toVisit.add(main);
        }
        walk(toVisit, found);
        // Read after the walk: a creator that retired before the walk reached it handed its list over
        // before it marked itself retired.
        CreatedTasks[] kept;
        synchronized (creators) {
            kept = creators.toArray(new CreatedTasks[0]);
        }
        for (CreatedTasks list : kept) {
            list.addUnretiredTo(toVisit);
        }
        walk(toVisit, found);
        return found;
    }

    /** Adds each task to {@code found}, and visits the unretired tasks it created and its groups' children. */
    private static void walk(ArrayDeque<TaskImpl<?>> toVisit, List<TaskImpl<?>> found) {
        for (TaskImpl<?> task; (task = toVisit.poll()) != null; ) {
            found.add(task);
            CreatedTasks created = task.created();
            if (created != null) {
                created.addUnretiredTo(toVisit);
            }
            if (task.isFinished()) {
                continue; // a finished task has no group open
            }
            for (TaskGroupImpl g = task.openGroups(); g != null; g = g.outer) {
                toVisit.addAll(g.unfinishedChildren());
            }
        }
    }

    // ---------------------------------------------------------------- the run itself

    /**
     * Runs {@code main} as the root task, named {@code mainName} ({@code null}: the default
     * {@code Task-<id>}), shuts the run down, and reports main's outcome. Caller's thread.
     */
    <T> T runMain(String mainName, Callable<? extends T> main) {
        TaskImpl<T> mainTask = newTask(null, null, mainName, main);
        this.mainTask = mainTask;
        boolean interrupted = false;
        LiveRuns.started(this); // the process-wide view lists the run until its shutdown has ended
        DetachedThreads.runStarted(this);
        if (timeline != null) {
            timeline.join(null, "the thread that called run '" + name + "'");
        }
        try {
            try {
                start(mainTask, mainTask.name());
            } catch (RuntimeException | Error e) {
                LiveRuns.forget(this);
                throw e;
            }
            for (;;) {
                try {
                    mainTask.awaitDone(false, 0L);
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                    mainTask.requestCancel(new EndReason.Cancelled("the thread that called run was interrupted"));
                }
            }
            mainTask.markRetrieved(); // run reports main's failure itself
            interrupted |= shutdown();
        } finally {
            if (timeline != null) {
                timeline.leave();
                timeline.end();
            }
            DetachedThreads.runEnded(this);
        }
        synchronized (creators) {
            creators.clear(); // every task has retired: nothing more to find, and a run kept in view keeps no tasks
        }
        LiveRuns.ended(this, mainTask);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return mainTask.report();
    }

    /** Waits out the grace, cancels what is left, waits for every task and thread. Returns whether interrupted. */
    private boolean shutdown() {
        boolean interrupted = false;
        if (!shutdownGrace.isZero()) {
            long deadline = Nanos.deadline(Nanos.of(shutdownGrace)); // a grace too long to represent: no limit
            for (TaskImpl<?> task : pending()) {
                long left = deadline - Clocks.nanoTime();
                if (left <= 0L) {
                    break;
                }
                try {
                    task.awaitDone(true, left);
                } catch (InterruptedException e) {
                    interrupted = true;
                    break;
                }
            }
        }
        shuttingDown = true;
        LeftoverTasks leftovers = new LeftoverTasks(name);
        for (List<TaskImpl<?>> left = pending(); !left.isEmpty(); left = pending()) {
            for (TaskImpl<?> task : left) {
                if (task.requestCancel(new EndReason.RunShutdown())) {
                    leftovers.cancelled(task);
                }
            }
            for (TaskImpl<?> task : left) {
                task.awaitDoneUninterruptibly();
                // A finished task retires only after its callbacks and observers ran; waiting
                // for its thread instead of looping keeps a slow callback from making this loop spin.
                interrupted |= Blocking.joinQuietly(task.threadForUnpark());
            }
        }
        interrupted |= Thread.interrupted();
        interrupted |= exits.joinAll();
        engineScope.close();
        cancelledAtShutdown = leftovers.count();
        leftovers.log();
        reportUnretrieved();
        return interrupted;
    }

    private void reportUnretrieved() {
        for (TaskImpl<?> task; (task = failed.poll()) != null; ) {
            if (task.isRetrieved()) {
                continue;
            }
            Throwable failure = task.failureOrNull();
            LOG.log(System.Logger.Level.ERROR, "Task exception was never retrieved: task '" + task.name()
                    + "' of run '" + name + "' failed and nobody joined it", failure);
            if (observer != null) {
                Observers.unretrieved(observer, task, failure);
            }
        }
    }
}
