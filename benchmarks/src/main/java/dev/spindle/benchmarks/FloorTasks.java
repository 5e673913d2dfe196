package dev.spindle.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;

/**
 * The least a task handle on a virtual thread can be, to measure what any task abstraction costs before
 * Spindle's own bookkeeping: W1's floor. Not a library: no failures, no timeouts, one result type.
 *
 * <p>{@link Joinable} is a result, a published state and a stack of joiners, which is what {@code join}
 * needs. {@link Cancellable} adds what {@code cancel} needs: the task's thread, published before the body
 * looks for a cancellation that came first (a store then a load, so a full fence), and cleared at the
 * end so a finished task does not keep its thread. Spindle's task has both, plus the current-task link,
 * the run's live list and exit chain, and a group or a callback list where there is one.
 */
final class FloorTasks {

    private FloorTasks() {}

    /** A joiner waiting on a task: a Treiber-stack node. */
    private static final class Node {
        final Thread thread;
        Node next;

        Node(Thread thread) {
            this.thread = thread;
        }
    }

    private static final Node DONE = new Node(null);

    /** A task that can be joined. Started once, on its own virtual thread; joined by any thread. */
    static class Joinable implements Runnable {
        private static final VarHandle WAITERS;
        private static final VarHandle FINISHED;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                WAITERS = l.findVarHandle(Joinable.class, "waiters", Node.class);
                FINISHED = l.findVarHandle(Joinable.class, "finished", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final IntSupplier body;
        private int result; // published by the release store of finished
        private volatile boolean finished;
        private volatile Node waiters;

        Joinable(IntSupplier body) {
            this.body = body;
        }

        @Override
        public void run() {
            finish(body.getAsInt());
        }

        final void finish(int value) {
            result = value;
            FINISHED.setRelease(this, true);
            for (Node n = (Node) WAITERS.getAndSet(this, DONE); n != null; n = n.next) {
                LockSupport.unpark(n.thread);
            }
        }

        /** Waits for the result; ignores interrupts (the benchmark sends none). */
        final int join() {
            if (!finished) {
                Node node = new Node(Thread.currentThread());
                for (Node head = waiters; head != DONE; head = waiters) {
                    node.next = head;
                    if (WAITERS.compareAndSet(this, head, node)) {
                        break;
                    }
                }
                while (!finished) {
                    LockSupport.park(this);
                }
            }
            return result;
        }
    }

    /** A task that can also be cancelled: it publishes its thread for the interrupt. */
    static final class Cancellable extends Joinable {
        private static final VarHandle THREAD;

        static {
            try {
                THREAD = MethodHandles.lookup().findVarHandle(Cancellable.class, "thread", Thread.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private volatile Thread thread;
        private volatile boolean cancelRequested;

        Cancellable(IntSupplier body) {
            super(body);
        }

        @Override
        public void run() {
            thread = Thread.currentThread(); // a volatile store: cancel() sees it, or the check below sees cancel()
            try {
                if (cancelRequested) {
                    finish(0); // the body never runs; join returns 0
                } else {
                    super.run();
                }
            } finally {
                THREAD.setRelease(this, (Thread) null);
            }
        }

        /** Requests cancellation: interrupts the task's thread if it runs, or keeps the body from running. */
        void cancel() {
            cancelRequested = true;
            Thread t = thread;
            if (t != null) {
                t.interrupt();
            }
        }
    }
}
