package dev.spindle.sync;

/**
 * A FIFO list of {@link Waiter}s, doubly linked so that a waiter that gives up leaves in O(1).
 * Not thread-safe: every method is called under the owning primitive's lock.
 */
final class WaitList {

    private Waiter head;
    private Waiter tail;
    private int size;

    boolean isEmpty() {
        return head == null;
    }

    int size() {
        return size;
    }

    void add(Waiter w) {
        w.prev = tail;
        w.next = null;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        w.linked = true;
        size++;
    }

    /** Unlinks {@code w} if it is still linked; returns whether it was. */
    boolean remove(Waiter w) {
        if (!w.linked) {
            return false;
        }
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = null;
        w.next = null;
        w.linked = false;
        size--;
        return true;
    }

    /** Unlinks and returns the oldest waiter, or {@code null}. */
    Waiter poll() {
        Waiter w = head;
        if (w != null) {
            remove(w);
        }
        return w;
    }

    /**
     * Unlinks the oldest waiter and answers it {@link Waiter#GRANTED}; the caller unparks it after
     * unlocking.
     *
     * @return the waiter, or {@code null} if none waits
     */
    Waiter grantFirst() {
        Waiter w = poll();
        if (w != null) {
            w.state = Waiter.GRANTED;
        }
        return w;
    }

    /**
     * Unlinks every waiter, answers each {@code state} and unparks it at once (a rare, bulk path:
     * shutdowns, aborts, {@code Event.set}).
     */
    void answerAll(int state) {
        for (Waiter w = poll(); w != null; w = poll()) {
            w.state = state;
            Waiter.wake(w);
        }
    }
}
