package dev.spindle.sts;

import dev.spindle.engine.EngineScope;
import dev.spindle.internal.Blocking;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;
import java.util.concurrent.StructureViolationException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * One Spindle scope that any thread may start tasks in (a run or a task group) as two nested
 * {@link StructuredTaskScope}s.
 *
 * <p>A {@code StructuredTaskScope} lets only its owner fork, and not after it has started to join, but
 * any Spindle task may add a task to its run or to a group it is in. So the thread that opens the Spindle
 * scope (the <em>opener</em>) opens the <em>outer</em> scope, named after the Spindle scope, and forks
 * one thread into it, the <em>forker</em>. The forker opens the <em>inner</em> scope, named
 * {@code <name>/tasks}, and serves fork requests that other threads queue with {@link #start}, until the
 * opener {@link #close closes}: then it joins the inner scope and closes it, and the opener joins and
 * closes the outer one. Tasks the opener itself starts need no hand-off: it forks them into the outer
 * scope. In the JDK's thread dump this reads {@code <name> (owner: opener; threads: the forker and the
 * opener's tasks) > <name>/tasks (owner: the forker; threads: the other tasks)}.
 *
 * <p>Both scopes are opened by threads that carry the opener's {@code ScopedValue} bindings (the forker
 * inherits them through the outer scope), so every task sees the bindings that were in effect where the
 * Spindle scope was opened. A task's thread is created by the thread that calls {@code start}, and handed
 * to the inner scope by its thread factory, so it inherits that thread's {@code InheritableThreadLocal}s,
 * as with the portable engine.
 *
 * <p>A scope in which only the opener starts tasks (a {@code gather} of bodies) needs no forker: it is
 * an {@link OwnerOnlyScope}, one {@code StructuredTaskScope} named after the Spindle scope.
 *
 * <p>The joiner never cancels: Spindle itself waits for its tasks and cancels them, by interrupting their
 * threads; the scopes only hold the threads and make the nesting real.
 *
 * <p>This class is thread-safe: {@link #start} may be called by any thread, concurrently, until the
 * scope is closed; {@link #openNested} by any thread of the run, which becomes the new scope's opener;
 * {@link #close} only by the opener (again, it does nothing). Memory consistency: actions of a thread
 * before it calls {@link #start} happen-before the task runs (the queue's compare-and-set, then
 * {@code Thread.start}); everything the tasks did happens-before {@link #close} returns (the joins).
 */
final class StsScope implements EngineScope {

    private static final VarHandle PENDING;
    /** Ends the request stack once the forker has stopped serving: no {@link #start} succeeds after it. */
    private static final Fork SEALED = new Fork();

    static {
        try {
            PENDING = MethodHandles.lookup().findVarHandle(StsScope.class, "pending", Fork.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    private final Thread opener;
    private final Thread forker;
    private final StructuredTaskScope<Object, Void> outer; // opener only
    private final HandOut outerFactory = new HandOut(); // opener only

    /** Fork requests, newest first (a Treiber stack): any thread pushes, the forker takes all; then SEALED. */
    private volatile Fork pending;
    private volatile boolean closeRequested; // written by the opener, read by the forker
    private Throwable forkerFailure; // written by the forker before it ends, read by the opener after joining it
    private boolean closed; // opener only

    /**
     * A request to run a task in the inner scope, and the thread that will run it. The thread is created by
     * the requester and handed out by the scope's thread factory; the STS subtask it then runs is set by
     * the factory before the thread starts (published by {@code Thread.start}).
     */
    static final class Fork implements Runnable {
        final Runnable task;
        final Thread thread;
        Runnable subtask; // set by the forker in the thread factory, before the thread starts
        Fork next; // written by the pusher before the CAS that publishes the node

        Fork(Runnable task, String threadName) {
            this.task = task;
            this.thread = threadName == null ? Thread.ofVirtual().unstarted(this)
                    : Thread.ofVirtual().name(threadName).unstarted(this);
        }

        private Fork() { // the SEALED marker
            this.task = null;
            this.thread = null;
        }

        @Override
        public void run() {
            Runnable s = subtask;
            subtask = null;
            s.run();
        }
    }

    /**
     * A thread factory that hands out the thread of the fork being made. Confined to the scope's owner:
     * {@code StructuredTaskScope.fork} calls it on the forking thread.
     */
    static final class HandOut implements ThreadFactory {
        private Fork next;

        @Override
        public Thread newThread(Runnable subtask) {
            Fork f = next;
            if (f == null) {
                throw new IllegalStateException("no fork is being made"); // StructuredTaskScope.fork only
            }
            next = null;
            f.subtask = subtask;
            return f.thread;
        }

        <T> void fork(StructuredTaskScope<Object, T> scope, Fork f) {
            next = f;
            try {
                scope.fork(f.task);
            } finally {
                next = null;
            }
        }
    }

    private StsScope(String name) {
        this.name = name;
        this.opener = Thread.currentThread();
        Fork serve = new Fork(this::serve, name + "/forker");
        this.forker = serve.thread;
        this.outer = StructuredTaskScope.open(Joiner.awaitAll(),
                cfg -> cfg.withName(name).withThreadFactory(outerFactory));
        try {
            outerFactory.fork(outer, serve);
        } catch (RuntimeException | Error e) {
            outer.close(); // nothing was forked: closing cannot complain about a missing join
            throw e;
        }
    }

    /**
     * Opens a scope named {@code name} owned by the calling thread, nested in the scope the thread runs in
     * (or in the innermost scope it has opened itself).
     *
     * @param name the Spindle scope's name
     * @return the scope; the caller must {@link #close} it
     */
    static StsScope open(String name) {
        return new StsScope(Objects.requireNonNull(name, "name"));
    }

    @Override
    public EngineScope openNested(String name) {
        return open(name);
    }

    @Override
    public EngineScope openNestedOwnerOnly(String name) {
        return OwnerOnlyScope.open(name);
    }

    /**
     * Starts {@code task} on a new thread created here. The opener forks it into the outer scope itself;
     * any other thread (or the opener, once its {@code ScopedValue} bindings differ from those it opened
     * the scope with) queues it for the forker, which forks it into the inner scope.
     *
     * @throws IllegalStateException if the scope is closed
     */
    @Override
    public void start(Runnable task, String threadName) {
        Objects.requireNonNull(task, "task");
        if (Thread.currentThread() == opener && !closed && forkDirectly(task, threadName)) {
            return;
        }
        Fork f = new Fork(task, threadName);
        for (;;) {
            Fork head = pending;
            if (head == SEALED) {
                throw new IllegalStateException("Scope '" + name + "' is closed; no task can start in it");
            }
            f.next = head;
            if (PENDING.compareAndSet(this, head, f)) {
                if (head == null) { // the forker may be parked: it drains everything it finds when it wakes
                    LockSupport.unpark(forker);
                }
                return;
            }
        }
    }

    /** The opener forks into the outer scope; {@code false} if its bindings changed since it opened it. */
    private boolean forkDirectly(Runnable task, String threadName) {
        try {
            outerFactory.fork(outer, new Fork(task, threadName));
            return true;
        } catch (StructureViolationException e) {
            return false; // the thread was never started; the forker's bindings have not changed
        }
    }

    /**
     * Closes the scope: the forker stops serving, waits for every thread of the inner scope and closes it;
     * then this thread waits for the forker and closes the outer scope. An interrupt of the calling thread
     * does not stop the wait and is kept.
     *
     * @throws WrongThreadException if the calling thread is not the one that opened the scope
     */
    @Override
    public void close() {
        if (Thread.currentThread() != opener) {
            throw new WrongThreadException("Scope '" + name + "' can only be closed by the thread that opened it, "
                    + opener);
        }
        if (closed) {
            return;
        }
        closed = true;
        closeRequested = true;
        LockSupport.unpark(forker);
        boolean interrupted = Blocking.joinQuietly(forker);
        joinAndClose(outer, interrupted);
        Throwable failure = forkerFailure;
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error e) {
            throw e;
        }
    }

    // ---------------------------------------------------------------- the forker

    /**
     * The forker's body: opens the inner scope, forks what is queued until close, then joins and closes
     * it. Were the inner scope not to open, the queued tasks still run (outside any scope) and the failure
     * is rethrown to the opener by {@link #close}.
     */
    private void serve() {
        HandOut factory = new HandOut();
        StructuredTaskScope<Object, Void> inner = null;
        try {
            inner = StructuredTaskScope.open(Joiner.awaitAll(),
                    cfg -> cfg.withName(name + "/tasks").withThreadFactory(factory));
        } catch (RuntimeException | Error e) {
            forkerFailure = e;
        }
        for (Fork batch; (batch = take()) != null; ) {
            for (Fork f = reverse(batch); f != null; ) {
                Fork next = f.next;
                f.next = null;
                forkOne(inner, factory, f);
                f = next;
            }
        }
        if (inner != null) {
            try {
                joinAndClose(inner, Thread.interrupted());
            } catch (RuntimeException | Error e) {
                forkerFailure = e;
            }
        }
    }

    /**
     * Takes every queued request, newest first. Once a close was requested, it seals the stack and takes
     * what was left in the same step (so a close ends even while other threads keep calling start), then
     * returns {@code null}. The forker ignores interrupts: nobody but a stray caller interrupts it, and
     * only {@link #close} ends it.
     */
    private Fork take() {
        for (;;) {
            Fork head = pending;
            if (head == SEALED) {
                return null;
            }
            if (closeRequested) {
                return (Fork) PENDING.getAndSet(this, SEALED); // null when nothing was left
            }
            if (head != null) {
                return (Fork) PENDING.getAndSet(this, (Fork) null); // only the forker removes: still non-null
            }
            Thread.interrupted(); // a parked forker must not spin on a stray interrupt
            LockSupport.park(this);
        }
    }

    private static Fork reverse(Fork newestFirst) {
        Fork reversed = null;
        for (Fork f = newestFirst; f != null; ) {
            Fork next = f.next;
            f.next = reversed;
            reversed = f;
            f = next;
        }
        return reversed;
    }

    private void forkOne(StructuredTaskScope<Object, Void> inner, HandOut factory, Fork f) {
        if (inner != null) {
            try {
                factory.fork(inner, f);
                return;
            } catch (RuntimeException | Error e) {
                // Not expected: the scope is never cancelled and the forker forks only before it joins.
                forkerFailure = e;
            }
        }
        // The task runs outside the scope rather than never, so that Spindle, which waits for every task
        // it started, does not wait forever; close() rethrows what went wrong.
        Thread.ofVirtual().name(f.thread.getName()).start(f.task); // "" when the task has no name
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Joins {@code scope} (the caller owns it) and closes it. Called once every task in it has finished,
     * so the join waits only for threads that are ending. {@code StructuredTaskScope.join} cannot be
     * called again after an interrupt, so the interrupt status is cleared first; if an interrupt still
     * arrives, {@code close} waits out the remaining threads (interrupting threads that have nothing left
     * to do). The interrupt status is restored at the end.
     */
    static void joinAndClose(StructuredTaskScope<Object, Void> scope, boolean interrupted) {
        interrupted |= Thread.interrupted();
        try {
            scope.join();
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            try {
                scope.close();
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Override
    public String toString() {
        return "StsScope[" + name + "]";
    }
}
