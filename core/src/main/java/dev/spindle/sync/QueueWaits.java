package dev.spindle.sync;

import java.util.Objects;

/**
 * The blocking calls of a {@link Queue}: {@code put}, {@code get} and {@code join}, each in two halves.
 * Under the guard, the call takes effect at once through the {@link QueueHandOver} if it can, or queues
 * a {@link Waiter}; then, without the guard, the waiter parks until a hand-over answers it, and settles a
 * cancellation or a timeout that came first so that no item is lost or added twice (the rules are
 * {@link Queue}'s class description).
 */
final class QueueWaits<E> {

    private final Queue<E> queue;
    private final QueueHandOver<E> handOver;

    QueueWaits(Queue<E> queue, QueueHandOver<E> handOver) {
        this.queue = queue;
        this.handOver = handOver;
    }

    // ---------------------------------------------------------------- put

    /**
     * Adds {@code item}, waiting for room unless {@code timed} and {@code nanos} is zero.
     *
     * @return {@code false} if the time ran out first (at once for a zero timeout and a full queue)
     */
    boolean put(E item, boolean timed, long nanos) {
        Objects.requireNonNull(item, "item");
        queue.checkItem(item);
        long deadline = timed && nanos > 0L ? Sync.deadline(nanos) : 0L;
        Waiter w;
        Waiter wake = null;
        queue.guard.lock();
        try {
            if (handOver.isShutDown()) {
                throw shutDownForPut();
            }
            if (handOver.hasFreeSlot()) {
                wake = handOver.insert(item);
                return true;
            }
            if (timed && nanos == 0L) {
                return false;
            }
            w = new Waiter();
            w.item = item;
            handOver.queuePutter(w);
        } finally {
            queue.guard.unlock();
            Waiter.wake(wake);
        }
        return awaitSlot(w, timed, deadline);
    }

    private boolean awaitSlot(Waiter w, boolean timed, long deadline) {
        int parked = Sync.park(w, queue, queue.describe(), timed, deadline);
        if (parked == Waiter.ANSWERED && w.state == Waiter.GRANTED) {
            return true; // a getter moved our item into the queue: the put is done
        }
        queue.guard.lock();
        try {
            boolean interrupted = parked == Waiter.INTERRUPTED;
            if (handOver.dropPutter(w)) { // never answered: the item was not added
                if (interrupted) {
                    throw Sync.cancelled();
                }
                return false;
            }
            if (w.state == Waiter.GRANTED) { // added at the moment we were cancelled or timed out: done
                if (interrupted) {
                    Thread.currentThread().interrupt(); // the put completed first; the next call reports it
                }
                return true;
            }
            if (interrupted) {
                throw Sync.cancelled();
            }
            if (w.failure != null) {
                throw w.failure;
            }
            throw shutDownForPut();
        } finally {
            queue.guard.unlock();
        }
    }

    // ---------------------------------------------------------------- get

    /**
     * Removes and returns the next item, waiting for one unless {@code timed} and {@code nanos} is zero.
     *
     * @return the item, or {@code null} if the time ran out first (at once for a zero timeout and an empty queue)
     */
    E get(boolean timed, long nanos) {
        long deadline = timed && nanos > 0L ? Sync.deadline(nanos) : 0L;
        Waiter w;
        Waiter wake = null;
        queue.guard.lock();
        try {
            E item = handOver.poll();
            if (item != null) {
                wake = handOver.admitPutter();
                return item;
            }
            if (handOver.isShutDown()) {
                throw shutDownForGet();
            }
            if (timed && nanos == 0L) {
                return null;
            }
            w = new Waiter();
            handOver.queueGetter(w);
        } finally {
            queue.guard.unlock();
            Waiter.wake(wake);
        }
        return awaitItem(w, timed, deadline);
    }

    @SuppressWarnings("unchecked")
    private E awaitItem(Waiter w, boolean timed, long deadline) {
        int parked = Sync.park(w, queue, queue.describe(), timed, deadline);
        boolean interrupted = parked == Waiter.INTERRUPTED || Thread.interrupted();
        if (!interrupted && w.state == Waiter.GRANTED) {
            return (E) w.item; // handed to us by a put
        }
        Waiter wake = null;
        queue.guard.lock();
        try {
            if (handOver.dropGetter(w)) { // never answered
                if (interrupted) {
                    throw Sync.cancelled();
                }
                return null;
            }
            if (w.state == Waiter.GRANTED) {
                E item = (E) w.item;
                w.item = null;
                if (!interrupted) {
                    return item; // timed out just as an item came: take it
                }
                if (!handOver.canGiveBack()) {
                    // Puts filled the buffer after the item was handed to us: putting it back would make the
                    // queue hold more than maxsize. The get completed first; the next blocking call reports
                    // the cancellation, as for a put whose item was taken in.
                    Thread.currentThread().interrupt();
                    return item;
                }
                wake = handOver.giveBack(item); // cancelled just as an item came: it is not lost
                throw Sync.cancelled();
            }
            if (interrupted) {
                throw Sync.cancelled();
            }
            throw shutDownForGet();
        } finally {
            queue.guard.unlock();
            Waiter.wake(wake);
        }
    }

    // ---------------------------------------------------------------- join

    /** Waits until no put is unfinished; {@code false} if the time ran out first. */
    boolean join(boolean timed, long nanos) {
        long deadline = timed ? Sync.deadline(nanos) : 0L;
        WaitList joiners = handOver.joiners();
        Waiter w = Sync.queueUnless(queue.guard, QueueHandOver::allDone, handOver, joiners, timed, nanos);
        return w == Sync.READY
                || w != null && Sync.awaitSignal(queue.guard, joiners, w, queue, queue.describe() + ".join()", timed, deadline);
    }

    // ---------------------------------------------------------------- refusals

    QueueShutDownException shutDownForPut() {
        return new QueueShutDownException(queue.describe() + " is shut down: it takes no more items");
    }

    QueueShutDownException shutDownForGet() {
        return new QueueShutDownException(queue.describe() + " is shut down and empty");
    }
}
