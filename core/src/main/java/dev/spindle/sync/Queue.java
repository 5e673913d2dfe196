package dev.spindle.sync;

import dev.spindle.DeadlineExceededException;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * A first-in-first-out queue for passing items between tasks, as asyncio's {@code Queue}: {@link #put}
 * blocks while the queue is full and {@link #get} while it is empty, blocking the calling (virtual)
 * thread. {@link LifoQueue} and {@link PriorityQueue} differ only in the order items come out.
 *
 * <p><b>Capacity.</b> A queue built with {@code maxsize <= 0} is unbounded and {@link #put} never blocks.
 * Items may not be {@code null}.
 *
 * <p><b>Fairness.</b> Blocked getters and blocked putters are each served in arrival order, with no
 * barging: a put while getters wait hands its item straight to the oldest getter, and a get while
 * putters wait moves the oldest putter's item into the queue, so a call arriving later cannot overtake
 * them. Each call takes effect at one instant (puts, gets, sizes and shutdowns are linearizable).
 *
 * <p><b>Cancellation.</b> A blocking method that has to wait throws {@link CancellationException} if
 * the calling task is cancelled before or while it waits (on a thread that runs no task, when the thread
 * is interrupted; the interrupt status is then kept). One that completes without waiting (an item is
 * there, there is room) does not look: as with joining a finished task, the cancellation stays pending
 * for the next call that blocks. A cancelled call never
 * loses an item and the queue never holds more than {@code maxsize}: a getter cancelled at the very
 * moment an item was handed to it throws, and the item goes to the next blocked getter or back to the
 * front of the queue; only if puts have filled the queue since the hand-over (so that putting it back
 * would overfill it) does the get return the item instead, the cancellation then surfacing at the task's
 * next blocking call. A putter cancelled before its item was taken in throws and adds nothing, and one
 * whose item was taken in at that same moment returns normally, the cancellation then surfacing in the
 * same way. Every blocking method has a form with a
 * {@link Duration} timeout and composes with {@code Spindle.timeout}.
 *
 * <p><b>Unfinished work.</b> Every successful put counts one unfinished item; {@link #taskDone()}
 * counts one down and {@link #join()} waits until none is left.
 *
 * <p><b>Shutdown</b> (Python 3.13's {@code Queue.shutdown}): after {@link #shutdown()} puts throw
 * {@link QueueShutDownException}, gets drain what is left and then throw it, and blocked putters (and
 * getters of an empty queue) wake with it. {@link #shutdown(boolean) shutdown(true)} also discards the
 * items left, counting each as done.
 *
 * <p><b>Thread safety.</b> This class is thread-safe: any task or thread may call any method. Actions
 * of a thread before it puts an item <i>happen-before</i> actions of the thread that gets that item;
 * a {@link #taskDone()} happens-before the {@link #join()} it releases returns.
 *
 * @param <E> the type of the items
 * @since 0.1.0
 */
public sealed class Queue<E> extends Primitive permits LifoQueue, PriorityQueue {

    private final QueueHandOver<E> handOver; // guarded by guard
    private final QueueWaits<E> waits;

    /**
     * Creates an unbounded queue.
     * @since 0.1.0
     */
    public Queue() {
        this(0);
    }

    /**
     * Creates a queue that holds at most {@code maxsize} items.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     * @since 0.1.0
     */
    public Queue(int maxsize) {
        this(maxsize, QueueBuffer.fifo());
    }

    Queue(int maxsize, QueueBuffer<E> items) {
        this.handOver = new QueueHandOver<>(maxsize, items);
        this.waits = new QueueWaits<>(this, handOver);
    }

    /**
     * Names the queue, for task dumps ("waiting on Queue 'jobs'") and {@link #toString()}. Meant to be
     * called once, right after construction.
     *
     * @param name the name, not blank
     * @return this queue
     * @since 0.1.0
     */
    public Queue<E> named(String name) {
        setName(name);
        return this;
    }

    // ---------------------------------------------------------------- put

    /**
     * Adds {@code item}, blocking while the queue is full.
     *
     * @param item the item, not {@code null}
     * @throws QueueShutDownException if the queue is shut down, before or while the call waits
     * @throws CancellationException if the calling task is cancelled first; the item is not added
     * @throws ClassCastException for a {@link PriorityQueue}, if the item cannot be compared
     * @since 0.1.0
     */
    public void put(E item) {
        waits.put(item, false, 0L);
    }

    /**
     * Adds {@code item}, blocking at most {@code timeout} while the queue is full.
     *
     * @param item the item, not {@code null}
     * @param timeout how long to wait; zero or negative does not wait
     * @return {@code true} if the item was added, {@code false} if the time ran out first
     * @throws QueueShutDownException if the queue is shut down, before or while the call waits
     * @throws CancellationException if the calling task is cancelled first; the item is not added
     * @throws ClassCastException for a {@link PriorityQueue}, if the item cannot be compared
     * @since 0.1.0
     */
    public boolean put(E item, Duration timeout) {
        return waits.put(item, true, Sync.nanos(timeout));
    }

    /**
     * Adds {@code item} if there is room now; never blocks.
     *
     * @param item the item, not {@code null}
     * @throws QueueFullException if the queue is full
     * @throws QueueShutDownException if the queue is shut down
     * @throws ClassCastException for a {@link PriorityQueue}, if the item cannot be compared
     * @since 0.1.0
     */
    public void putNowait(E item) {
        if (!waits.put(item, true, 0L)) {
            throw new QueueFullException(describe() + " is full (maxsize " + maxsize() + ")");
        }
    }

    /** Checks an item before it is queued; {@link PriorityQueue} checks that it can be compared. */
    void checkItem(E item) {}

    // ---------------------------------------------------------------- get

    /**
     * Removes and returns the next item, blocking while the queue is empty.
     *
     * @return the item
     * @throws QueueShutDownException if the queue is shut down and empty, before or while the call waits
     * @throws CancellationException if the calling task is cancelled first; no item is taken
     * @since 0.1.0
     */
    public E get() {
        return waits.get(false, 0L);
    }

    /**
     * Removes and returns the next item, blocking at most {@code timeout} while the queue is empty.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @return the item
     * @throws DeadlineExceededException if the time ran out first; no item is taken
     * @throws QueueShutDownException if the queue is shut down and empty, before or while the call waits
     * @throws CancellationException if the calling task is cancelled first; no item is taken
     * @since 0.1.0
     */
    public E get(Duration timeout) {
        E item = waits.get(true, Sync.nanos(timeout));
        if (item == null) {
            throw new DeadlineExceededException(describe() + ": get(" + timeout + ") found no item in time", null);
        }
        return item;
    }

    /**
     * Removes and returns the next item if there is one now; never blocks.
     *
     * @return the item
     * @throws QueueEmptyException if the queue is empty
     * @throws QueueShutDownException if the queue is shut down and empty
     * @since 0.1.0
     */
    public E getNowait() {
        E item = waits.get(true, 0L);
        if (item == null) {
            throw new QueueEmptyException(describe() + " is empty");
        }
        return item;
    }

    // ---------------------------------------------------------------- size

    /**
     * The number of items in the queue now (items already handed to blocked getters are not in it).
     *
     * @return the size, a snapshot
     * @since 0.1.0
     */
    public int qsize() {
        return lockedRead(handOver::size);
    }

    /**
     * Whether the queue holds no item now.
     *
     * @return {@code qsize() == 0}, a snapshot
     * @since 0.1.0
     */
    public boolean isEmpty() {
        return qsize() == 0;
    }

    /**
     * Whether the queue is at its capacity now; always {@code false} for an unbounded queue.
     *
     * @return {@code maxsize() > 0 && qsize() >= maxsize()}, a snapshot
     * @since 0.1.0
     */
    public boolean isFull() {
        int maxsize = maxsize();
        return maxsize > 0 && qsize() >= maxsize;
    }

    /**
     * The capacity given at construction, or 0 for an unbounded queue (also when it was negative).
     *
     * @return the capacity
     * @since 0.1.0
     */
    public int maxsize() {
        return handOver.maxsize();
    }

    // ---------------------------------------------------------------- unfinished work

    /**
     * Marks one item that a consumer got as processed. When no unfinished item is left, blocked
     * {@link #join()} calls return.
     *
     * @throws IllegalStateException if called more times than items were put (after a
     *     {@code shutdown(true)}, discarded items count as done already)
     * @since 0.1.0
     */
    public void taskDone() {
        guard.lock();
        try {
            if (!handOver.taskDone()) {
                throw new IllegalStateException("taskDone() called too many times on " + describe()
                        + ": every call must match one item put and taken");
            }
        } finally {
            guard.unlock();
        }
    }

    /**
     * Blocks until every item put has been marked done with {@link #taskDone()}; returns at once if
     * none is unfinished.
     *
     * @throws CancellationException if the calling task is cancelled first
     * @since 0.1.0
     */
    public void join() {
        waits.join(false, 0L);
    }

    /**
     * Blocks at most {@code timeout} until every item put has been marked done.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @return {@code true} if no unfinished item is left, {@code false} if the time ran out first
     * @throws CancellationException if the calling task is cancelled first
     * @since 0.1.0
     */
    public boolean join(Duration timeout) {
        return waits.join(true, Sync.nanos(timeout));
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Shuts the queue down, as {@code shutdown(false)}: puts throw {@link QueueShutDownException} from now
     * on, gets take what is left and then throw it, and blocked putters (and blocked getters, if the
     * queue is empty) wake with it. Idempotent.
     * @since 0.1.0
     */
    public void shutdown() {
        shutdown(false);
    }

    /**
     * Shuts the queue down (Python 3.13's {@code Queue.shutdown(immediate)}). Puts throw
     * {@link QueueShutDownException} from now on and blocked putters wake with it. With
     * {@code immediate}, the items left are discarded and each counts as done (so {@link #join()} may
     * return), and gets throw at once; otherwise gets first drain the items left. Blocked getters wake
     * with the exception once the queue is empty. Calling it again is harmless; {@code shutdown(true)}
     * after {@code shutdown(false)} discards what is left.
     *
     * @param immediate whether to discard the items left
     * @since 0.1.0
     */
    public void shutdown(boolean immediate) {
        guard.lock();
        try {
            handOver.shutdown(immediate);
        } finally {
            guard.unlock();
        }
    }

    /** Blocked getters (for tests and {@link #toString()}). */
    int waitingGetters() {
        return lockedRead(handOver::getterCount);
    }

    /** Blocked putters (for tests and {@link #toString()}). */
    int waitingPutters() {
        return lockedRead(handOver::putterCount);
    }

    /** Blocked joiners (for tests). */
    int waitingJoiners() {
        return lockedRead(() -> handOver.joiners().size());
    }

    /**
     * Describes the queue: kind, name, size, capacity, blocked callers, and whether it is shut down.
     *
     * @return for example {@code Queue 'jobs'[qsize=1, maxsize=2, getters=0, putters=0]}
     * @since 0.1.0
     */
    @Override
    public String toString() {
        return describeLocked(() -> "[qsize=" + handOver.size() + ", maxsize=" + maxsize() + ", getters="
                + handOver.getterCount() + ", putters=" + handOver.putterCount()
                + (handOver.isShutDown() ? ", shut down]" : "]"));
    }
}
