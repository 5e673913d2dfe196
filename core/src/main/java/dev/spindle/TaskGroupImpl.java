package dev.spindle;

import dev.spindle.engine.EngineScope;
import dev.spindle.internal.Blocking;
import dev.spindle.internal.Clocks;
import dev.spindle.internal.Failures;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one implementation of {@link TaskGroup}; also the scope behind {@link Spindle#gather} and
 * {@link Spindle#gatherSettled} of callables.
 *
 * <p>Phases: {@code OPEN -> ABORTING} (a failure), {@code OPEN -> CANCELLING} ({@link #cancel()}, or the
 * owner cancelled while it waits), then {@code -> ENDED} once every child has finished. Children can be
 * added only while {@code OPEN}; {@link GroupChildren} keeps them, and its live count is the end latch,
 * which the owner closes so that no child can be added after the group has ended.
 */
final class TaskGroupImpl implements TaskGroup, TaskOwner {

    /** How the group treats its children's outcomes. */
    enum Mode {
        /** A failure aborts the group; a child cancelled on its own does not (asyncio's TaskGroup). */
        GROUP,
        /** A failure or a child's cancellation aborts it; results are collected (structured gather). */
        GATHER,
        /**
         * Nothing aborts it; the caller inspects the tasks (gatherSettled), which marks their failures
         * retrieved when it hands them over.
         */
        SETTLED
    }

    private static final int OPEN = 0;
    private static final int ABORTING = 1;
    private static final int CANCELLING = 2;
    private static final int ENDED = 3;
    private static final AtomicLong IDS = new AtomicLong();

    private final RunScope run;
    private final TaskImpl<?> owner;
    private final String name;
    private final Mode mode;
    private final EngineScope scope;
    private final Instant deadline;
    private final CancelFrame bodyFrame;
    /** The group the owner had open when it opened this one, or {@code null}. */
    final TaskGroupImpl outer;
    /** The children: a GROUP keeps the unfinished ones, a gather (GATHER, SETTLED) every one. */
    private final GroupChildren children;

    private volatile int phase; // any thread moves it out of OPEN; the owner sets ENDED
    private final FirstFailure failures = new FirstFailure(); // guarded by this
    private volatile TaskImpl<?> cancelledChild; // GATHER mode: a child cancelled from outside

    private TaskGroupImpl(TaskImpl<?> owner, String name, Mode mode) {
        this.run = owner.run;
        this.owner = owner;
        this.name = name;
        this.mode = mode;
        this.children = new GroupChildren(mode != Mode.GROUP);
        this.deadline = owner.currentDeadline();
        // Only a GROUP hands itself to user code; a gather's children are all started here, by the owner.
        EngineScope outerScope = owner.engineScope();
        this.scope = mode == Mode.GROUP ? outerScope.openNested(name) : outerScope.openNestedOwnerOnly(name);
        this.bodyFrame = new CancelFrame(owner, owner.frames(), name, null);
        this.outer = owner.openGroups();
    }

    /** The engine scope the group's children start in. */
    @Override
    public EngineScope engineScope() {
        return scope;
    }

    /** The deadline that applied where the group was opened, which its children inherit; or {@code null}. */
    @Override
    public Instant deadline() {
        return deadline;
    }

    static String defaultName() {
        return "TaskGroup-" + IDS.incrementAndGet();
    }

    /**
     * Runs {@code body} with a new group in {@code owner} (the calling thread's task), waits for every
     * child and reports the outcome as {@link Spindle#taskGroup} specifies.
     */
    static <T> T execute(TaskImpl<?> owner, String name, Mode mode, TaskGroup.Body<T> body) {
        TaskGroupImpl group = new TaskGroupImpl(owner, name, mode);
        owner.openGroup(group); // from here on the run finds the group's children through the owner
        try {
            return group.runAndAwait(body);
        } finally {
            owner.closeGroup(group);
            group.children.forgetAll(); // a gather's caller has its list; the group keeps no child
        }
    }

    /** Runs the body, waits for every child, ends the group and reports as {@link #execute} says. Owner only. */
    private <T> T runAndAwait(TaskGroup.Body<T> body) {
        boolean deliveredBefore = owner.cancellationDelivered();
        long spendClockBefore = CancelFrame.spendClock();
        owner.push(bodyFrame);
        T result = null;
        Throwable bodyFailure = null;
        try {
            result = body.run(this);
        } catch (Throwable t) {
            bodyFailure = Failures.caught(t); // a JDK call's interrupt counts as a Spindle call's cancellation
        }
        if (bodyFrame.close()) {
            Thread.interrupted(); // the group's own interrupt of the body; others are put back below
        }
        owner.pop(bodyFrame);
        boolean ownerCancelled = false;
        boolean consumedOwnCancellation = false;
        if (bodyFailure != null) {
            if (!TaskImpl.isCancellation(bodyFailure)) {
                recordFailure(bodyFailure, null);
            } else {
                consumedOwnCancellation = !deliveredBefore && owner.cancellationDelivered();
                if (phase == OPEN) {
                    ownerCancelled = true; // the cancellation came from outside the group
                    cancelChildren(CANCELLING, ownerCancelledWhy());
                } else {
                    // the group was ending anyway (a failure, cancel()), but the task itself was cancelled too
                    ownerCancelled = consumedOwnCancellation;
                }
            }
        }
        owner.reassertPendingCancellation(spendClockBefore);
        ownerCancelled |= awaitChildren();
        phase = ENDED;
        scope.close();
        return outcome(result, ownerCancelled, consumedOwnCancellation, bodyFailure);
    }

    /** Waits until every child has finished; an interrupt cancels them. Returns whether one came. */
    private boolean awaitChildren() {
        boolean cancelled = false;
        while (!children.closeIfNoneLive()) {
            String previous = Blocking.waitingOn(name);
            Clocks.park(this);
            Blocking.doneWaiting(previous);
            if (Thread.interrupted()) {
                cancelled = true;
                cancelChildren(CANCELLING, ownerCancelledWhy());
            }
        }
        return cancelled;
    }

    /**
     * What {@code taskGroup} returns or throws. {@code consumedOwnCancellation}: the body let out the
     * owner's own cancellation as an exception, so it is no longer pending by itself.
     */
    private <T> T outcome(T result, boolean ownerCancelled, boolean consumedOwnCancellation, Throwable bodyFailure) {
        Throwable failure;
        synchronized (this) {
            failure = failures.firstWithLaterSuppressed();
        }
        if (failure != null) {
            if (ownerCancelled) {
                if (consumedOwnCancellation) {
                    owner.redeliverCancellation(); // the failure replaces the body's cancellation exception
                }
                owner.reassertPendingCancellation(); // the failure wins; the cancellation stays pending
            }
            throw Failures.unchecked(failure, name);
        }
        if (ownerCancelled) {
            RuntimeException cancelled = bodyFailure != null ? Failures.unchecked(bodyFailure, name)
                    : Blocking.cancelled(new InterruptedException());
            if (mode == Mode.SETTLED) {
                attachChildFailures(cancelled);
            }
            throw cancelled;
        }
        TaskImpl<?> cancelled = cancelledChild;
        if (cancelled != null) {
            throw cancelled.cancelledException();
        }
        return result;
    }

    /**
     * SETTLED mode, cancelled from outside: the caller never receives the tasks, so their failures go
     * with its cancellation as suppressed exceptions; they stay unretrieved, so the run reports them too.
     */
    private void attachChildFailures(RuntimeException cancelled) {
        for (TaskImpl<?> child : children.spawnedSnapshot()) {
            Throwable f = child.failureOrNull();
            if (f != null && f != cancelled) {
                cancelled.addSuppressed(f);
            }
        }
    }

    // ---------------------------------------------------------------- children

    @Override
    public <T> Task<T> createTask(Callable<T> body) {
        return spawn(null, body);
    }

    @Override
    public <T> Task<T> createTask(String name, Callable<T> body) {
        Objects.requireNonNull(name, "name");
        return spawn(name, body);
    }

    <T> TaskImpl<T> spawn(String taskName, Callable<? extends T> body) {
        Objects.requireNonNull(body, "body");
        ensureOpen();
        return startChild(taskName, body);
    }

    /**
     * A gather's body starts its children with this: a child unless the gather is already ending (a
     * child failed or was cancelled, or the owner was cancelled), in which case it returns {@code null}
     * and the gather throws that reason, not a refusal to start more. Owner only, from the body.
     */
    <T> TaskImpl<T> spawnUnlessEnding(Callable<? extends T> body) {
        return phase == OPEN ? startChild(null, body) : null;
    }

    /** Starts a child; born cancelled if the group stopped being open meanwhile. */
    private <T> TaskImpl<T> startChild(String taskName, Callable<? extends T> body) {
        if (!children.reserve()) {
            throw ended();
        }
        TaskImpl<?> creator = TaskImpl.current();
        TaskImpl<T> task = run.newTask(creator != null && creator.run == run ? creator : owner, this, taskName, body);
        children.add(task);
        if (phase != OPEN) {
            task.cancelBeforeStart(new EndReason.ScopeCancelled(name));
        }
        try {
            run.start(task, taskName);
        } catch (RuntimeException | Error e) {
            children.remove(task);
            childGone();
            throw e;
        }
        return task;
    }

    private void ensureOpen() {
        switch (phase) {
            case OPEN -> { }
            case ABORTING -> throw new IllegalStateException("TaskGroup '" + name
                    + "' is shutting down because a task in it failed; no new tasks can be added");
            case CANCELLING -> throw new IllegalStateException("TaskGroup '" + name
                    + "' is being cancelled; no new tasks can be added");
            default -> throw ended();
        }
    }

    private IllegalStateException ended() {
        return new IllegalStateException("TaskGroup '" + name + "' has ended; add tasks only while its body or"
                + " its children run, or open a new group with Spindle.taskGroup");
    }

    /** Called by each child's thread as it finishes. */
    @Override
    public void childFinished(TaskImpl<?> child) {
        children.finished(child);
        int s = child.rawState();
        if (s == TaskImpl.FAILED && mode != Mode.SETTLED) {
            child.markRetrieved();
            recordFailure(child.failureOrNull(), child);
        } else if (s == TaskImpl.CANCELLED && mode == Mode.GATHER && phase == OPEN) {
            cancelledChild = child;
            abort(new EndReason.ScopeCancelled(name + " (task '" + child.name() + "' was cancelled)"));
        }
        childGone();
    }

    /** A gather's children, in start order, sized for {@code expected}; see {@link GroupChildren#spawned}. */
    List<TaskImpl<?>> spawnedChildren(int expected) {
        return children.spawned(expected);
    }

    /** The children that have not finished yet; any thread. */
    List<TaskImpl<?>> unfinishedChildren() {
        return children.unfinished();
    }

    private void childGone() {
        if (children.release()) {
            Clocks.unpark(owner.threadForUnpark());
        }
    }

    private void recordFailure(Throwable failure, TaskImpl<?> from) {
        boolean first;
        synchronized (this) {
            first = failures.record(failure);
        }
        if (first) {
            abort(from != null ? new EndReason.SiblingFailed(from)
                    : new EndReason.ScopeCancelled(name + " (its body failed)"));
        }
    }

    private void abort(EndReason why) {
        synchronized (this) {
            if (phase == ABORTING || phase == ENDED) {
                return;
            }
            phase = ABORTING;
        }
        cancelAll(why);
    }

    @Override
    public void cancel() {
        cancelChildren(CANCELLING, name + " was cancelled");
    }

    private void cancelChildren(int newPhase, String why) {
        synchronized (this) {
            if (phase != OPEN) {
                return;
            }
            phase = newPhase;
        }
        cancelAll(new EndReason.ScopeCancelled(why));
    }

    private void cancelAll(EndReason why) {
        for (TaskImpl<?> child : unfinishedChildren()) { // outside the lock: requestCancel takes the child's
            child.requestCancel(why);
        }
        bodyFrame.fire();
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Why the owner's body let a cancellation out while the group was open, for the children's end
     * reason: a timeout around the group whose deadline passed, or else the owner's own cancellation.
     * The owner's thread, after the body frame has been popped.
     */
    private String ownerCancelledWhy() {
        for (ScopeFrame f = owner.frames(); f != null; f = f.parent) {
            if (f instanceof CancelFrame c && c.timer != null && c.hasFired()) {
                return "the deadline of " + c.what + " around " + name + " passed";
            }
        }
        return "the task running " + name + " was cancelled";
    }

    /** The task whose body opened the group; for the view's reason chains. */
    TaskImpl<?> owner() {
        return owner;
    }

    @Override
    public String toString() {
        return "TaskGroup[" + name + "]";
    }
}
