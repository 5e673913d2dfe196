package dev.spindle.sync;

/**
 * A {@link Queue}'s state and the hand-overs between its parts: the items (a {@link QueueBuffer}, in
 * the order the queue's kind keeps), the blocked getters, putters and joiners, the count of unfinished
 * items, and the shutdown. Every method is called under the queue's guard and never blocks; a move that
 * answers a blocked caller returns its waiter, which the caller unparks after unlocking. Blocked getters
 * exist only while the buffer is empty, blocked putters only while it is full.
 *
 * <p>Not thread-safe on its own: the guard of the queue that owns it guards it all.
 */
final class QueueHandOver<E> {

    private final int maxsize;
    private final QueueBuffer<E> items;
    private final WaitList getters = new WaitList();
    private final WaitList putters = new WaitList();
    private final WaitList joiners = new WaitList();
    private int unfinished;
    private boolean shutDown;
    /** Set by {@code shutdown(true)}: items given back by cancelled getters are discarded, not queued. */
    private boolean discarding;

    QueueHandOver(int maxsize, QueueBuffer<E> items) {
        this.maxsize = Math.max(0, maxsize);
        this.items = items;
    }

    int maxsize() {
        return maxsize;
    }

    int size() {
        return items.size();
    }

    boolean isShutDown() {
        return shutDown;
    }

    /** The blocked joiners, for {@link Sync}'s waits on a signal. */
    WaitList joiners() {
        return joiners;
    }

    int getterCount() {
        return getters.size();
    }

    int putterCount() {
        return putters.size();
    }

    /** Queues a getter; only while the buffer is empty. */
    void queueGetter(Waiter w) {
        getters.add(w);
    }

    /** Queues a putter offering its {@link Waiter#item}; only while the buffer is full. */
    void queuePutter(Waiter w) {
        putters.add(w);
    }

    /** Takes out a getter that gives up; {@code false} if it was answered first. */
    boolean dropGetter(Waiter w) {
        return getters.remove(w);
    }

    /** Takes out a putter that gives up; {@code false} if it was answered first. */
    boolean dropPutter(Waiter w) {
        return putters.remove(w);
    }

    /** Whether the buffer has room for one more item. */
    boolean hasFreeSlot() {
        return maxsize == 0 || items.size() < maxsize;
    }

    /** Whether no put is unfinished: what {@code join} waits for. */
    boolean allDone() {
        return unfinished == 0;
    }

    // ---------------------------------------------------------------- items in

    /**
     * Counts the item and hands it to the oldest blocked getter, or buffers it.
     *
     * @return the getter to unpark, or {@code null}
     */
    Waiter insert(E item) {
        Waiter g = getters.poll();
        if (g == null) {
            items.add(item); // throws before changing anything if it cannot (PriorityQueue)
            unfinished++;
            return null;
        }
        unfinished++;
        g.item = item;
        g.state = Waiter.GRANTED;
        return g;
    }

    /**
     * After an item left the buffer: moves the oldest blocked putter's item in, and answers that putter.
     * A putter whose item the buffer rejects (a {@link PriorityQueue} comparison failure) gets the
     * exception and the next one is tried.
     *
     * @return the putter to unpark, or {@code null}
     */
    @SuppressWarnings("unchecked")
    Waiter admitPutter() {
        for (;;) {
            if (putters.isEmpty() || !hasFreeSlot()) {
                return null;
            }
            Waiter p = putters.poll();
            try {
                items.add((E) p.item);
            } catch (RuntimeException e) {
                p.failure = e;
                p.state = Waiter.REFUSED;
                Waiter.wake(p);
                continue;
            }
            unfinished++;
            p.item = null;
            p.state = Waiter.GRANTED;
            return p;
        }
    }

    // ---------------------------------------------------------------- items out

    /** Takes the next buffered item, or returns {@code null} if the buffer is empty; then call {@link #admitPutter()}. */
    E poll() {
        return items.poll();
    }

    /**
     * Returns an item handed to a getter that was cancelled at that moment. It goes to the next blocked
     * getter, or back to the front of the buffer, which the caller checked has room
     * ({@link #canGiveBack()}); after {@code shutdown(true)} it is discarded and counted done.
     *
     * @return the getter to unpark, or {@code null}
     */
    Waiter giveBack(E item) {
        Waiter g = getters.poll();
        if (g != null) {
            g.item = item;
            g.state = Waiter.GRANTED;
            return g;
        }
        if (discarding) {
            finishOne();
            return null;
        }
        items.putBack(item);
        return null;
    }

    /**
     * Whether an item handed to a cancelled getter can be given back without the queue holding more than
     * its capacity: puts may have filled the buffer since the hand-over.
     */
    boolean canGiveBack() {
        return discarding || hasFreeSlot();
    }

    // ---------------------------------------------------------------- unfinished work

    /** Counts one taken item done; {@code false} if none is unfinished (more calls than puts). */
    boolean taskDone() {
        if (unfinished <= 0) {
            return false;
        }
        finishOne();
        return true;
    }

    /** Counts one unfinished item done, releasing the joiners at zero. */
    private void finishOne() {
        if (--unfinished == 0) {
            joiners.answerAll(Waiter.GRANTED);
        }
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Shuts the queue down: from now on puts are refused, and blocked putters and getters are answered
     * {@link Waiter#REFUSED} (getters wait only while the buffer is empty). With {@code immediate}, the
     * items left are discarded, each counted done, and later give-backs are discarded too.
     */
    void shutdown(boolean immediate) {
        shutDown = true;
        if (immediate) {
            discarding = true;
            int discarded = items.size();
            items.clear();
            unfinished = Math.max(0, unfinished - discarded);
            if (unfinished == 0) {
                joiners.answerAll(Waiter.GRANTED);
            }
        }
        putters.answerAll(Waiter.REFUSED);
        getters.answerAll(Waiter.REFUSED);
    }
}
