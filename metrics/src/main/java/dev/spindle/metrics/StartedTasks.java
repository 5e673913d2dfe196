package dev.spindle.metrics;

import dev.spindle.Task;

/**
 * The tasks whose body is running, as the observer sees them start and finish: a {@link RunningTasks}
 * kept in a few striped, intrusive, doubly-linked lists, so that a start links one node and a finish
 * unlinks it in constant time, under the lock of one stripe that other carriers seldom share. (Micrometer's
 * {@code LongTaskTimer}, which this replaces, scans a deque to remove a sample.) A scrape walks the
 * stripes one at a time, holding each lock only while it copies what the visitor needs.
 *
 * <p>Thread-safe.
 */
final class StartedTasks implements RunningTasks {

    /** A power of two, four stripes per processor, at least 8 and at most 256. */
    private static final int STRIPES = Math.max(8, Math.min(256,
            Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors() * 4 - 1)) << 1));

    private final Stripe[] stripes = new Stripe[STRIPES];

    StartedTasks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** One running task, and the meters its finish is recorded in; linked in its stripe. */
    static final class Node {
        final Task<?> task;
        final NameMeters meters;
        private final Stripe stripe;
        private Node prev; // guarded by stripe
        private Node next; // guarded by stripe
        private boolean linked; // guarded by stripe

        private Node(Task<?> task, NameMeters meters, Stripe stripe) {
            this.task = task;
            this.meters = meters;
            this.stripe = stripe;
        }

        /** Unlinks this node; idempotent. The task's own thread, as its body ends. */
        void remove() {
            stripe.unlink(this);
        }
    }

    /** One list; the padding keeps two stripes' locks and heads off one cache line. */
    @SuppressWarnings("unused")
    private static final class Stripe {
        long p0, p1, p2, p3, p4, p5, p6;
        private Node head; // guarded by this
        private Node tail; // guarded by this
        long q0, q1, q2, q3, q4, q5, q6;

        synchronized void link(Node n) {
            n.prev = tail;
            if (tail == null) {
                head = n;
            } else {
                tail.next = n;
            }
            tail = n;
            n.linked = true;
        }

        synchronized void unlink(Node n) {
            if (!n.linked) {
                return;
            }
            n.linked = false;
            if (n.prev == null) {
                head = n.next;
            } else {
                n.prev.next = n.next;
            }
            if (n.next == null) {
                tail = n.prev;
            } else {
                n.next.prev = n.prev;
            }
            n.prev = null;
            n.next = null;
        }

        synchronized Task<?>[] copy() {
            int n = 0;
            for (Node x = head; x != null; x = x.next) {
                n++;
            }
            Task<?>[] tasks = new Task<?>[n];
            int i = 0;
            for (Node x = head; x != null; x = x.next) {
                tasks[i++] = x.task;
            }
            return tasks;
        }
    }

    /**
     * Links a task whose body is starting. The task's own thread.
     *
     * @return the node to {@link Node#remove()} when the body ends
     */
    Node add(Task<?> task, NameMeters meters) {
        Stripe stripe = stripes[(int) task.id() & (STRIPES - 1)];
        Node n = new Node(task, meters, stripe);
        stripe.link(n);
        return n;
    }

    @Override
    public void forEachRunning(Visitor visitor) {
        for (Stripe stripe : stripes) {
            for (Task<?> t : stripe.copy()) { // the task's clock and names are read outside the lock
                if (!t.isDone()) {
                    visitor.running(t.runName(), t.name(), t.elapsed().toNanos());
                }
            }
        }
    }
}
