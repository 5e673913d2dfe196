package dev.spindle;

import dev.spindle.engine.EngineScope;
import dev.spindle.internal.VirtualTimeline;
import dev.spindle.internal.Blocking;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The one implementation of {@link Task}. A task runs on one thread started by the run's engine; only
 * that thread completes it, so completion needs no compare-and-set: the body's outcome is written to
 * plain fields and published by the volatile write of {@link #state}.
 *
 * <p>States: {@code NEW -> RUNNING -> SUCCESS | FAILED | CANCELLED}, or {@code NEW -> CANCELLED} when a
 * cancellation arrived before the body started (the body then never runs). Every transition is made by
 * the task's own thread.
 */
final class TaskImpl<T> implements Task<T>, Runnable, Thread.UncaughtExceptionHandler {

    static final int NEW = 0;
    static final int RUNNING = 1;
    static final int SUCCESS = 2;
    static final int FAILED = 3;
    static final int CANCELLED = 4;

    private static final AtomicLong IDS = new AtomicLong();
    /** Every successful task's end reason: the record has no state, so one instance serves all. */
    private static final EndReason RETURNED = new EndReason.Returned();
    private static final System.Logger LOG = System.getLogger("dev.spindle");
    private static final VarHandle WAITERS;
    private static final VarHandle CANCEL_REQUEST;
    private static final VarHandle STATE;
    private static final VarHandle THREAD;
    private static final VarHandle RETIRED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WAITERS = l.findVarHandle(TaskImpl.class, "waiters", TaskWaiters.Node.class);
            CANCEL_REQUEST = l.findVarHandle(TaskImpl.class, "cancelRequest", EndReason.class);
            STATE = l.findVarHandle(TaskImpl.class, "state", int.class);
            THREAD = l.findVarHandle(TaskImpl.class, "thread", Thread.class);
            RETIRED = l.findVarHandle(TaskImpl.class, "retired", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        Blocking.install(new CurrentTaskAccess());
    }

    // The outcome first: HotSpot lays out references in the order they are declared, after the primitive
    // fields, so these sit as close to the state as they can, often on its cache line (a joiner reads them).
    // Every field costs each of a million parked tasks its bytes, and the collector copies them all (W5).
    /** The result of a successful task or the failure of a failed one; published by the write of state. */
    private Object outcome;
    private EndReason endReason; // published by the write of state
    private volatile int state; // written by the own thread only
    final long id;
    final RunScope run;
    final TaskImpl<?> parent;
    /** The group that owns this task, or its run; see {@link TaskOwner}. */
    final TaskOwner owner;
    /** The task's clock readings in a timed run, else {@code null}. */
    private final TaskTimes times;
    private String givenName; // the given name, or the default one once built (benign race: same value)
    private Callable<? extends T> body; // written at creation, cleared by the own thread when it ends

    private volatile EndReason cancelRequest; // first canceller wins
    private volatile Thread thread; // written by the own thread when it starts, cleared when it ends
    private volatile TaskWaiters.Node waiters; // joiners and callbacks, a Treiber stack: see TaskWaiters
    private volatile boolean retrieved; // someone looked at the failure
    private boolean cancelDelivered; // own thread only
    private volatile ScopeFrame frames; // written by the own thread; shield pushes and pops under this monitor
    /** The groups and gathers this task has open, innermost first, linked by {@link TaskGroupImpl#outer}. */
    private volatile TaskGroupImpl openGroups; // written by the own thread; read by dumps and shutdown
    /**
     * What the task waits on: a description, or the task it joins (described only when a dump asks, so a
     * join allocates nothing). Own thread writes; dumps read it racily, as a best-effort snapshot.
     */
    Object waitingOn;
    /**
     * Set once the task has finished and run its callbacks and observers (or never started): the run no
     * longer waits for it, and its slot in its creator's {@link CreatedTasks} may be reused.
     */
    private volatile boolean retired;
    /** The run-owned tasks this task created, or {@code null} before its first; written by its own thread. */
    private volatile CreatedTasks created;
    /** Links in the owning group's list of unfinished children; guarded by the group, which links through {@link #pushOnto}. */
    private TaskImpl<?> groupPrev;
    private TaskImpl<?> groupNext;

    TaskImpl(RunScope run, TaskImpl<?> parent, TaskGroupImpl group, String name, Callable<? extends T> body) {
        this.id = IDS.incrementAndGet();
        this.run = run;
        this.parent = parent;
        this.owner = group != null ? group : run;
        this.givenName = name;
        this.body = body;
        this.times = run.timed ? new TaskTimes(run.observer != null ? System.nanoTime() : 0L) : null;
    }

    /**
     * The task the calling thread runs, or {@code null}.
     *
     * <p>A task's thread finds its task in its own uncaught-exception-handler slot, which {@link #run()}
     * fills as the thread starts: a field of the thread that Spindle owns, since it made the thread. A
     * {@code ThreadLocal} would do the same at the price of a thread-local map per task (136 bytes, a
     * third of what a virtual thread itself costs); a {@code ScopedValue} is not final before JDK 25. The
     * JDK clears the slot when the thread ends. Body code may replace the handler of its own thread: the
     * slot then holds something else, and {@link DetachedThreads} finds the task another way.
     */
    static TaskImpl<?> current() {
        Thread self = Thread.currentThread();
        return self.getUncaughtExceptionHandler() instanceof TaskImpl<?> t ? t : DetachedThreads.find(self);
    }

    /**
     * Reached only if Spindle's own bookkeeping after a body throws (the body's exceptions are the
     * task's outcome); logs it as the JDK's default handler would print it.
     */
    @Override
    public void uncaughtException(Thread t, Throwable e) {
        LOG.log(System.Logger.Level.ERROR, "Spindle's bookkeeping of task '" + name() + "' failed on thread " + t, e);
    }

    // ---------------------------------------------------------------- running

    @Override
    public void run() {
        Thread self = Thread.currentThread();
        thread = self;
        self.setUncaughtExceptionHandler(this); // makes current() find this task; the JDK clears it at the end
        DetachedThreads.started(this);
        VirtualTimeline virtual = run.timeline;
        if (virtual != null) {
            virtual.join(this, name());
        }
        Thread previous = null;
        try {
            previous = runBody();
        } finally {
            // A finished task may be kept for its result long after: it must not keep its thread (the
            // thread object, its continuation and name) alive. Readers check the state first.
            THREAD.setRelease(this, (Thread) null);
            run.exiting(previous);
            if (virtual != null) {
                virtual.leave();
            }
        }
    }

    /** Runs the body and completes the task; returns what {@link RunScope#taskFinished} returned. */
    private Thread runBody() {
        if (cancelRequest != null) { // cancelled before it started: the body never runs
            return complete(CANCELLED, null, null, cancelRequest);
        }
        TaskTimes times = this.times;
        if (times != null) {
            times.startedNanos = System.nanoTime(); // published by the state
        }
        STATE.setRelease(this, RUNNING); // no one waits for RUNNING: a release store is enough
        TaskObserver observer = run.observer;
        if (observer != null) {
            times.observerState = Observers.started(observer, this, times.startedNanos - times.createdNanos);
        }
        T value;
        try {
            value = body.call();
        } catch (Throwable t) {
            if (isCancellation(t)) {
                EndReason why = cancelRequest;
                return complete(CANCELLED, null, t, why != null ? why : new EndReason.Cancelled(describe(t)));
            }
            return complete(FAILED, null, t, new EndReason.Failed(t));
        }
        return complete(SUCCESS, value, null, RETURNED);
    }

    private static String describe(Throwable cancellation) {
        String m = cancellation.getMessage();
        return m != null ? m : "a cancellation escaped the body";
    }

    static boolean isCancellation(Throwable t) {
        return t instanceof CancellationException || t instanceof InterruptedException;
    }

    /**
     * Publishes the outcome, runs the callbacks, tells the observer, the group and the run, and wakes the
     * joiners last, so that a woken joiner (often scheduled next on this carrier) finds this thread with
     * almost nothing left to do. Returns the thread that finished before this one in the run's exit chain.
     */
    private Thread complete(int finalState, T value, Throwable thrown, EndReason why) {
        Thread.interrupted(); // a late cancellation must not leak into callbacks and observers
        TaskTimes times = this.times;
        if (times != null) {
            times.endedNanos = System.nanoTime();
        }
        outcome = finalState == SUCCESS ? value : finalState == FAILED ? thrown : null;
        endReason = why;
        body = null;
        // A release store: the joiners' handshake is the exchange of the waiter stack just below, a full
        // fence that also orders this store before any later read.
        STATE.setRelease(this, finalState);
        if (frames != null) {
            frames = null; // every frame pops itself on the way out; only a bug leaves one
        }
        if (finalState == FAILED) {
            run.failed(this);
        }
        if (finalState != SUCCESS) {
            LiveRuns.taskEnded(this); // the process-wide view's ring of recently ended tasks
        }
        TaskWaiters.Node waiting = TaskWaiters.takeWaiters(this);
        TaskObserver observer = run.observer;
        if (observer != null) {
            long started = times.startedNanos; // an observer makes every task timed; 0 if the body never ran
            long ran = started == 0L ? 0L : times.endedNanos - started;
            Observers.finished(observer, this, TaskOutcome.of(why), ran, times.observerState);
            times.observerState = null;
        }
        owner.childFinished(this);
        Thread previous = run.taskFinished(this);
        TaskWaiters.wakeJoiners(waiting);
        return previous;
    }

    // ---------------------------------------------------------------- cancellation

    @Override
    public boolean cancel() {
        return requestCancel(new EndReason.Cancelled("cancelled"));
    }

    @Override
    public boolean cancel(String reason) {
        Objects.requireNonNull(reason, "reason");
        return requestCancel(new EndReason.Cancelled(reason));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return cancel();
    }

    /**
     * Requests cancellation for {@code why}; the first request wins and later ones only report whether
     * the task is still running. The first request reports {@code true} even if the task reacts and
     * finishes before this method returns: it found the task running.
     */
    boolean requestCancel(EndReason why) {
        if (state > RUNNING) {
            return false;
        }
        if (CANCEL_REQUEST.compareAndSet(this, (EndReason) null, why)) {
            deliverInterrupt(null);
            return true;
        }
        return state <= RUNNING;
    }

    /** Sets the reason without interrupting: for a task cancelled before it was started. */
    void cancelBeforeStart(EndReason why) {
        cancelRequest = why;
    }

    /**
     * Interrupts the task's thread on behalf of {@code source} (a frame of this task, or {@code null}
     * for the task itself), unless a shield above the source holds it off, in which case the shield
     * remembers it. Nothing happens if the source frame is no longer on the stack. Any thread.
     */
    synchronized void deliverInterrupt(ScopeFrame source) {
        Thread t = thread;
        if (t == null || state > RUNNING) {
            return; // not started: the start sees cancelRequest; done: nothing to interrupt
        }
        TaskFrames.deliverInterrupt(frames, source, t);
    }

    /** A blocking call throws the task's cancellation: the message, the cancellation marked delivered. Own thread. */
    String markCancellationDelivered() {
        EndReason why = cancelRequest;
        if (TaskFrames.spendFiredFrames(frames) && why != null) {
            cancelDelivered = true; // inside a shield the interrupt was a frame's: the shield holds this one off
        }
        return "Task '" + name() + "' was cancelled" + (why == null ? "" : ": " + ReasonChain.text(why));
    }

    // ---------------------------------------------------------------- scope frames (own thread only)

    ScopeFrame frames() {
        return frames;
    }

    /** Whether the task has {@linkplain #retire() retired}; any thread. */
    boolean isRetired() {
        return retired;
    }

    /**
     * Marks the task retired: called by its own thread when it has finished and run its callbacks, or by
     * the starter when its start failed. A release store: whoever sees it sees what was done before it.
     */
    void retire() {
        RETIRED.setRelease(this, true);
    }

    /** The innermost group this task has open, or {@code null}; any thread, for a snapshot. */
    TaskGroupImpl openGroups() {
        return openGroups;
    }

    /** Opens {@code group}, whose {@link TaskGroupImpl#outer} is the current {@link #openGroups()}. Own thread. */
    void openGroup(TaskGroupImpl group) {
        openGroups = group;
    }

    /** Closes the innermost group, {@code group}. Own thread. */
    void closeGroup(TaskGroupImpl group) {
        openGroups = group.outer;
    }

    void push(ScopeFrame frame) {
        if (frame instanceof ShieldFrame) {
            synchronized (this) {
                frames = frame;
            }
        } else {
            frames = frame;
        }
    }

    /**
     * Pops {@code frame}. For a shield that held a cancellation off, delivers it now (or hands it to an
     * enclosing shield) and reports that it did.
     *
     * @return whether a held-off cancellation was delivered to this thread
     */
    boolean pop(ScopeFrame frame) {
        if (frame instanceof ShieldFrame shield) {
            synchronized (this) {
                frames = frame.parent;
                if (!shield.deferred) {
                    return false;
                }
                ScopeFrame source = shield.deferredSource;
                if (source != null && !TaskFrames.onStack(frames, source)) {
                    return false;
                }
                boolean interruptedBefore = thread.isInterrupted();
                deliverInterrupt(source);
                return !interruptedBefore && thread.isInterrupted();
            }
        }
        frames = frame.parent;
        return false;
    }

    /** {@link #reassertPendingCancellation(long)} for a section that threw no cancellation of its own. Own thread. */
    void reassertPendingCancellation() {
        reassertPendingCancellation(CancelFrame.spendClock());
    }

    /**
     * After a section consumed an interrupt, puts back the ones that belong to others and still reach this
     * thread (none is put back inside a shield, which delivers what it held off when it ends): an
     * undelivered cancellation of the task, or an enclosing frame that has fired and was not spent before
     * the section began ({@code since}, the {@link CancelFrame#spendClock()} then). A frame spent inside the section
     * was spent on the section's own exception, which the section turned into another: it is due again. A
     * frame spent before the section began stays spent, so that cleanup after an expired timeout is not
     * cancelled a second time. Own thread only.
     */
    void reassertPendingCancellation(long since) {
        ScopeFrame top = frames;
        boolean pending = TaskFrames.unspendFiredSince(top, since);
        if (!pending && cancelRequest != null && !cancelDelivered && !TaskFrames.shielded(top)) {
            pending = true;
        }
        if (pending) {
            Thread.currentThread().interrupt();
        }
    }

    /** The task's thread, from its start until it has ended ({@code null} before and after); for unparking it. */
    Thread threadForUnpark() {
        return thread;
    }

    /** Whether the task's own cancellation has been thrown as an exception by a blocking call. Own thread. */
    boolean cancellationDelivered() {
        return cancelDelivered;
    }

    /**
     * Makes the task's delivered cancellation pending again, so that {@link #reassertPendingCancellation()}
     * puts it back: for a scope whose body let the cancellation out but that throws something else
     * instead (a task group whose child failure wins). Own thread.
     */
    void redeliverCancellation() {
        cancelDelivered = false;
    }

    /** Whether a shield is open in this task, holding its own cancellation off the code running now. Own thread. */
    boolean shielded() {
        return TaskFrames.shielded(frames);
    }

    /** Whether a cancellation of the task itself was requested. */
    boolean cancelRequested() {
        return cancelRequest != null;
    }

    /**
     * The deadline that still bounds the code running now in this task, or {@code null}: that of the
     * innermost timeout that has not fired (one that has fired has spent its one interrupt, so the code that
     * runs after it, its cleanup, is not bounded by it any more); none inside a shield, which holds the
     * enclosing deadlines off; else the deadline inherited from the group that created the task, until the
     * task is cancelled (that deadline reaches the task only as its cancellation). Any thread: another
     * thread reads a snapshot.
     */
    Instant currentDeadline() {
        return TaskFrames.currentDeadline(frames, this);
    }

    /**
     * The deadline the task inherited as it was created, or {@code null}: a group's children inherit the
     * deadline that applied where the group was opened; run-owned tasks inherit none.
     */
    Instant inheritedDeadline() {
        return owner.deadline();
    }

    /** The engine scope the task was started in: its owner's. */
    EngineScope engineScope() {
        return owner.engineScope();
    }

    /** The run-owned tasks this task created, or {@code null} before its first; any thread. */
    CreatedTasks created() {
        return created;
    }

    /** The list for a run-owned task this task creates, made on its first {@code createTask}. Own thread. */
    CreatedTasks createdTasks() {
        CreatedTasks list = created;
        if (list == null) {
            list = new CreatedTasks(this);
            created = list; // a volatile write: a walk that finds this task finds its list
        }
        return list;
    }

    // The owning group's list of unfinished children, linked through the tasks; the group calls these
    // under its lock.

    /** Puts this task in front of the list whose head is {@code head}; returns the new head, this task. */
    TaskImpl<?> pushOnto(TaskImpl<?> head) {
        groupNext = head;
        if (head != null) {
            head.groupPrev = this;
        }
        return this;
    }

    /** Takes this task out of the list whose head is {@code head}, if it is in it; returns the new head. */
    TaskImpl<?> unlinkFrom(TaskImpl<?> head) {
        TaskImpl<?> prev = groupPrev;
        TaskImpl<?> next = groupNext;
        if (prev == null) {
            if (head != this) {
                return head;
            }
            head = next;
        } else {
            prev.groupNext = next;
        }
        if (next != null) {
            next.groupPrev = prev;
        }
        groupPrev = null;
        groupNext = null;
        return head;
    }

    /** The next task in the owning group's list, or {@code null}. */
    TaskImpl<?> nextInGroup() {
        return groupNext;
    }

    // ---------------------------------------------------------------- waiting

    boolean isFinished() {
        return state > RUNNING;
    }

    /**
     * Waits until the task is done.
     *
     * @param timed whether {@code nanos} bounds the wait
     * @param nanos the bound
     * @return whether the task is done ({@code false} only on timeout)
     * @throws InterruptedException if the calling thread is interrupted; it is cleared
     */
    boolean awaitDone(boolean timed, long nanos) throws InterruptedException {
        return state > RUNNING || TaskWaiters.awaitDone(this, timed, nanos);
    }

    /** Waits until done, ignoring interrupts but keeping them for the caller. */
    void awaitDoneUninterruptibly() {
        boolean interrupted = false;
        for (;;) {
            try {
                awaitDone(false, 0L);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Registers an internal completion listener; it runs at once if the task is done.
     *
     * @return a handle for {@link #removeListener(Object)}
     */
    Object addListener(Consumer<? super TaskImpl<?>> listener) {
        return TaskWaiters.addListener(this, listener);
    }

    /** Removes a listener that is no longer wanted; harmless after it ran. */
    void removeListener(Object handle) {
        TaskWaiters.removeListener(this, handle);
    }

    // The waiter stack's head, lent to TaskWaiters, which holds the algorithm.

    TaskWaiters.Node waiters() {
        return waiters;
    }

    boolean casWaiters(TaskWaiters.Node expected, TaskWaiters.Node next) {
        return WAITERS.compareAndSet(this, expected, next);
    }

    TaskWaiters.Node drainWaiters(TaskWaiters.Node drained) {
        return (TaskWaiters.Node) WAITERS.getAndSet(this, drained);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Task<T> onDone(Consumer<? super Task<T>> callback) {
        Objects.requireNonNull(callback, "callback");
        addListener(t -> callback.accept((Task<T>) t));
        return this;
    }

    // ---------------------------------------------------------------- results (see TaskResults)

    @Override
    public T join() {
        return TaskResults.join(this);
    }

    /** The outcome of a finished task, as {@link #join()} reports it; marks a failure retrieved. */
    T report() {
        return TaskResults.report(this);
    }

    CancellationException cancelledException() {
        return TaskResults.cancelledException(this);
    }

    @Override
    public T get() throws InterruptedException, ExecutionException {
        return TaskResults.get(this);
    }

    @Override
    public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        Objects.requireNonNull(unit, "unit");
        return TaskResults.get(this, timeout, unit);
    }

    @Override
    public T resultNow() {
        return TaskResults.resultNow(this);
    }

    @Override
    public Throwable exceptionNow() {
        return TaskResults.exceptionNow(this);
    }

    /** The result of a successful task; read after the state. */
    @SuppressWarnings("unchecked")
    T resultAfterState() {
        return (T) outcome;
    }

    /** The failure of a failed task, without counting as retrieval; {@code null} otherwise. */
    Throwable failureOrNull() {
        return state == FAILED ? (Throwable) outcome : null;
    }

    void markRetrieved() {
        retrieved = true;
    }

    boolean isRetrieved() {
        return retrieved;
    }

    @Override
    public State state() {
        return switch (state) {
            case SUCCESS -> State.SUCCESS;
            case FAILED -> State.FAILED;
            case CANCELLED -> State.CANCELLED;
            default -> State.RUNNING;
        };
    }

    int rawState() {
        return state;
    }

    @Override
    public boolean isDone() {
        return state > RUNNING;
    }

    @Override
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    // ---------------------------------------------------------------- identity and timing

    @Override
    public String name() {
        String n = givenName;
        if (n == null) { // built once, on first use: most tasks are never asked
            givenName = n = "Task-" + id;
        }
        return n;
    }

    /** Renders what {@link #waitingOn} holds. */
    static String describeWait(Object what) {
        return what instanceof TaskImpl<?> t ? "task '" + t.name() + "'" : what.toString();
    }

    @Override
    public String runName() {
        return run.name;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Optional<Task<?>> parent() {
        return Optional.ofNullable(parent);
    }

    @Override
    public Optional<Instant> startedAt() {
        int s = state; // read first: it publishes startedNanos
        return times == null ? Optional.empty() : times.startedAt(s);
    }

    @Override
    public Duration elapsed() {
        int s = state; // read first: it publishes startedNanos and endedNanos
        return times == null ? Duration.ZERO : times.elapsed(s);
    }

    @Override
    public Optional<EndReason> endReason() {
        return state > RUNNING ? Optional.of(endReason) : Optional.empty();
    }

    @Override
    public String toString() {
        return "Task[" + name() + ", " + state() + "]";
    }
}
