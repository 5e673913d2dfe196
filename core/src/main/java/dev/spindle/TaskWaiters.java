package dev.spindle;

import dev.spindle.internal.Clocks;
import dev.spindle.internal.Nanos;
import java.util.function.Consumer;

/**
 * A task's waiters: the threads that join it and the callbacks that run when it finishes, kept in a
 * Treiber stack whose head is the task's one {@code waiters} field (no per-task object: a million parked
 * tasks each pay only that reference). Any thread pushes and abandons; the task's own thread drains the
 * stack once, as it finishes ({@link #takeWaiters}), after which nothing more can be pushed.
 *
 * <p>Static methods on the task, which owns the field and lends this class three operations on it
 * ({@link TaskImpl#waiters()}, {@link TaskImpl#casWaiters}, {@link TaskImpl#drainWaiters}).
 */
final class TaskWaiters {

    private static final System.Logger LOG = System.getLogger("dev.spindle");
    /** Marks a waiter stack that has been drained: the task is done, new waiters must not queue. */
    static final Node DRAINED = new Node(null, null);

    private TaskWaiters() {}

    /** A joiner (thread set) or a completion callback (callback set); either is cleared when abandoned. */
    static final class Node {
        volatile Thread thread;
        volatile Consumer<Object> callback;
        Node next;

        Node(Thread thread, Consumer<Object> callback) {
            this.thread = thread;
            this.callback = callback;
        }
    }

    /** {@link TaskImpl#awaitDone}. */
    static boolean awaitDone(TaskImpl<?> task, boolean timed, long nanos) throws InterruptedException {
        if (task.isFinished()) {
            return true;
        }
        final long deadline = timed ? Nanos.deadline(nanos) : 0L;
        Node node = null;
        boolean queued = false;
        for (;;) {
            if (task.isFinished()) {
                if (node != null) {
                    node.thread = null;
                }
                return true;
            }
            if (Thread.interrupted()) {
                abandon(task, node);
                throw new InterruptedException();
            }
            if (node == null) {
                node = new Node(Thread.currentThread(), null);
            } else if (!queued) {
                queued = push(task, node);
            } else if (timed) {
                long left = deadline - Clocks.nanoTime();
                if (left <= 0L) {
                    abandon(task, node);
                    return task.isFinished();
                }
                Clocks.parkNanos(task, left);
            } else {
                Clocks.park(task);
            }
        }
    }

    /** Pushes a node; false if the stack was already drained (the task is done). */
    private static boolean push(TaskImpl<?> task, Node node) {
        for (;;) {
            Node head = task.waiters();
            if (head == DRAINED) {
                return false;
            }
            node.next = head;
            if (task.casWaiters(head, node)) {
                return true;
            }
        }
    }

    private static void abandon(TaskImpl<?> task, Node node) {
        if (node == null) {
            return;
        }
        node.thread = null;
        node.callback = null;
        unlinkAbandoned(task);
    }

    /** Unlinks abandoned nodes, restarting on a race, as {@code FutureTask.removeWaiter} does. */
    private static void unlinkAbandoned(TaskImpl<?> task) {
        retry:
        for (;;) {
            Node pred = null;
            Node q = task.waiters();
            if (q == DRAINED) {
                return;
            }
            while (q != null) {
                Node s = q.next;
                if (q.thread != null || q.callback != null) {
                    pred = q;
                } else if (pred != null) {
                    pred.next = s;
                    if (pred.thread == null && pred.callback == null) {
                        continue retry;
                    }
                } else if (!task.casWaiters(q, s)) {
                    continue retry;
                }
                q = s;
            }
            return;
        }
    }

    /**
     * Closes the waiter stack, runs the callbacks in registration order and returns the nodes, oldest
     * first, for {@link #wakeJoiners}. The task's own thread, once, as it finishes.
     */
    static Node takeWaiters(TaskImpl<?> task) {
        Node head = task.drainWaiters(DRAINED);
        Node reversed = null;
        while (head != null) { // registration order for callbacks
            Node next = head.next;
            head.next = reversed;
            reversed = head;
            head = next;
        }
        for (Node n = reversed; n != null; n = n.next) {
            Consumer<Object> cb = n.callback;
            if (cb != null) {
                runCallback(task, cb);
            }
        }
        return reversed;
    }

    static void wakeJoiners(Node waiting) {
        for (Node n = waiting; n != null; n = n.next) {
            Thread t = n.thread;
            if (t != null) {
                Clocks.unpark(t);
            }
        }
    }

    private static void runCallback(TaskImpl<?> task, Consumer<Object> cb) {
        try {
            cb.accept(task);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "A done callback of task '" + task.name() + "' threw; ignored", t);
        }
    }

    /** {@link TaskImpl#addListener}. */
    @SuppressWarnings("unchecked")
    static Object addListener(TaskImpl<?> task, Consumer<? super TaskImpl<?>> listener) {
        Node node = new Node(null, (Consumer<Object>) (Consumer<?>) listener);
        if (!push(task, node)) {
            runCallback(task, node.callback);
        }
        return node;
    }

    /** {@link TaskImpl#removeListener}. */
    static void removeListener(TaskImpl<?> task, Object handle) {
        abandon(task, (Node) handle);
    }
}
