package dev.spindle;

import dev.spindle.engine.EngineScope;
import dev.spindle.internal.Blocking;
import dev.spindle.internal.VirtualTimeline;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The one implementation of {@link Task}: its identity, its lifecycle ({@link #run()} → {@link #runBody()}
 * → {@link #complete}) and its waiters. A task runs on one thread started by the run's engine; only that
 * thread completes it, so completion needs no compare-and-set. Every transition of its state is made by
 * that thread.
 *
 * <p><b>Layers.</b> A million parked tasks each pay every field, so a task is one object with no helper
 * object per concern; its concerns are layered as package-private superclasses instead, each owning its
 * own fields and the methods over them, each calling only the layers below it:
 * <ol>
 *   <li>{@link TaskResults}: the state and outcome, and the {@code Future} reporting ({@code join},
 *       {@code get}, {@code resultNow}...);</li>
 *   <li>{@link TaskCancellation}: cancel requests, the task's thread and the scope-frame stack that
 *       delivers them (its walks are {@link TaskFrames}');</li>
 *   <li>{@link TaskLinks}: how the run and the groups find the task (created tasks, open groups, the
 *       owning group's list);</li>
 *   <li>this class: identity, lifecycle, and the waiter stack (its algorithm is {@link TaskWaiters}').</li>
 * </ol>
 * Timing lives in {@link TaskTimes}, an object made only for timed runs.
 */
final class TaskImpl<T> extends TaskLinks<T> implements Task<T>, Runnable, Thread.UncaughtExceptionHandler {

    private static final AtomicLong IDS = new AtomicLong();
    /** Every successful task's end reason: the record has no state, so one instance serves all. */
    private static final EndReason RETURNED = new EndReason.Returned();
    private static final System.Logger LOG = System.getLogger("dev.spindle");
    private static final VarHandle WAITERS;
    private static final VarHandle RETIRED;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WAITERS = l.findVarHandle(TaskImpl.class, "waiters", TaskWaiters.Node.class);
            RETIRED = l.findVarHandle(TaskImpl.class, "retired", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        Blocking.install(new CurrentTaskAccess());
    }

    final long id;
    final RunScope run;
    final TaskImpl<?> parent;
    /** The group that owns this task, or its run; see {@link TaskOwner}. */
    final TaskOwner owner;
    /** The task's clock readings in a timed run, else {@code null}. */
    private final TaskTimes times;
    /** The name the task was given, or {@code null}: then its name is {@code Task-<id>}, built when asked. */
    private final String givenName;
    private Callable<? extends T> body; // written at creation, cleared by the own thread when it ends
    private volatile TaskWaiters.Node waiters; // joiners and callbacks, a Treiber stack: see TaskWaiters
    /**
     * What the task waits on: a description, or the task it joins (described only when a dump asks, so a
     * join allocates nothing). Own thread writes; dumps read it racily, as a best-effort snapshot.
     */
    private Object waitingOn;
    /**
     * Whether the task is in {@code Spindle.sleep}: kept apart from {@link #waitingOn} because a primitive
     * store before the park, unlike a reference store, leaves the frame a parked sleeper keeps 48 to 96
     * bytes smaller (W5, docs/million-tasks.md). Fits in the object's alignment padding. Own thread writes;
     * dumps read it racily.
     */
    private boolean sleeping;
    /**
     * Set once the task has finished and run its callbacks and observers (or never started): the run no
     * longer waits for it, and its slot in its creator's {@link CreatedTasks} may be reused.
     */
    private volatile boolean retired;

    TaskImpl(RunScope run, TaskImpl<?> parent, TaskGroupImpl group, String name, Callable<? extends T> body) {
        this.id = IDS.incrementAndGet();
        this.run = run;
        this.parent = parent;
        this.owner = group != null ? group : run;
        this.givenName = name;
        this.body = body;
        this.times = run.timed ? new TaskTimes(run.observer != null && id % run.delaySampling == 0 ? System.nanoTime() : 0L)
                : null;
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

    /** {@link #current()}, or an {@link IllegalStateException} naming {@code Spindle.method} if there is none. */
    static TaskImpl<?> currentOrThrow(String method) {
        TaskImpl<?> task = current();
        if (task == null) {
            throw new IllegalStateException("Spindle." + method + " must be called from a Spindle task, but thread '"
                    + Thread.currentThread().getName() + "' runs none: wrap the code in Spindle.run(() -> ...)");
        }
        return task;
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
        attachThread(self);
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
            detachThread();
            run.exiting(previous);
            if (virtual != null) {
                virtual.leave();
            }
        }
    }

    /** Runs the body and completes the task; returns what {@link RunScope#taskFinished} returned. */
    private Thread runBody() {
        EndReason early = cancelRequest();
        if (early != null) { // cancelled before it started: the body never runs
            return complete(CANCELLED, null, null, early);
        }
        TaskTimes times = this.times;
        if (times != null) {
            times.startedNanos = System.nanoTime(); // published by the state
        }
        markRunning();
        TaskObserver observer = run.observer;
        if (observer != null) {
            long delay = id % run.delaySampling == 0 ? times.startedNanos - times.createdNanos : -1L; // -1: not sampled
            times.observerState = Observers.started(observer, this, delay);
        }
        T value;
        try {
            value = body.call();
        } catch (Throwable t) {
            if (isCancellation(t)) {
                EndReason why = cancelRequest();
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
     * Tells the observer, publishes the outcome, runs the callbacks, tells the run and then the group, and
     * wakes the joiners last, so that a woken joiner (often scheduled next on this carrier) finds this
     * thread with almost nothing left to do. The observer hears of the end before anyone can see the task
     * done, so a child's end is always observed before a parent that rethrows its failure. The run hears
     * before the group: once the group lets its owner go on, the run's shutdown may come at once, and it
     * finds this thread only through the exit chain this joins here. Returns the thread that finished
     * before this one in the run's exit chain.
     */
    private Thread complete(int finalState, T value, Throwable thrown, EndReason why) {
        Thread.interrupted(); // a late cancellation must not leak into callbacks and observers
        TaskTimes times = this.times;
        if (times != null) {
            times.endedNanos = System.nanoTime();
        }
        body = null;
        TaskObserver observer = run.observer;
        if (observer != null) {
            decide(why);
            long started = times.startedNanos; // an observer makes every task timed; 0 if the body never ran
            long ran = started == 0L ? 0L : times.endedNanos - started;
            Observers.finished(observer, this, TaskOutcome.of(why), ran, times.observerState);
            times.observerState = null;
        }
        publish(finalState, value, thrown, why);
        dropFrames();
        if (finalState == FAILED) {
            run.failed(this);
        }
        if (finalState != SUCCESS) {
            LiveRuns.taskEnded(this); // the process-wide view's ring of recently ended tasks
        }
        TaskWaiters.Node waiting = TaskWaiters.takeWaiters(this);
        Thread previous = run.taskFinished(this); // before the group: see above
        owner.childFinished(this);
        TaskWaiters.wakeJoiners(waiting);
        return previous;
    }

    // ---------------------------------------------------------------- owner and run

    /**
     * The deadline the task inherited as it was created, or {@code null}: a group's children inherit the
     * deadline that applied where the group was opened; run-owned tasks inherit none.
     */
    @Override
    Instant inheritedDeadline() {
        return owner.deadline();
    }

    /** The engine scope the task was started in: its owner's. */
    EngineScope engineScope() {
        return owner.engineScope();
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

    // ---------------------------------------------------------------- waiting

    /** What the task waits on now (see {@link #waitingOn}), or {@code null}; any thread, racily. */
    Object waitingOn() {
        return sleeping ? Timeouts.SLEEP : waitingOn;
    }

    /** Records that the task entered or left {@code Spindle.sleep}; {@link #waitingOn()} says so meanwhile. Own thread. */
    void sleeping(boolean now) {
        sleeping = now;
    }

    /** Records what the task waits on from now, or {@code null}; returns what it waited on before. Own thread. */
    Object swapWaitingOn(Object what) {
        Object previous = waitingOn;
        waitingOn = what;
        return previous;
    }

    /**
     * Waits until the task is done.
     *
     * @param timed whether {@code nanos} bounds the wait
     * @param nanos the bound
     * @return whether the task is done ({@code false} only on timeout)
     * @throws InterruptedException if the calling thread is interrupted; it is cleared
     */
    @Override
    final boolean awaitDone(boolean timed, long nanos) throws InterruptedException {
        return isFinished() || TaskWaiters.awaitDone(this, timed, nanos);
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

    // ---------------------------------------------------------------- identity and timing

    @Override
    public String name() {
        String n = givenName;
        return n != null ? n : "Task-" + id; // not kept: most tasks are never asked, and a field costs them all
    }

    @Override
    public boolean hasDefaultName() {
        return givenName == null;
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
        int s = rawState(); // read first: it publishes startedNanos
        return times == null ? Optional.empty() : times.startedAt(s);
    }

    @Override
    public Duration elapsed() {
        int s = rawState(); // read first: it publishes startedNanos and endedNanos
        return times == null ? Duration.ZERO : times.elapsed(s);
    }

    @Override
    public String toString() {
        return "Task[" + name() + ", " + state() + "]";
    }
}
