package dev.spindle.sync;

import dev.spindle.DeadlineExceededException;
import dev.spindle.internal.Blocking;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A first-in-first-out queue for passing items between tasks, as asyncio's {@code Queue}: {@link #put}
 * blocks while the queue is full and {@link #get} while it is empty, blocking the calling (virtual)
 * thread. {@link LifoQueue} and {@link PriorityQueue} differ only in the order items come out.
 *
 * <p><b>Capacity.</b> A queue built with {@code maxsize <= 0} is unbounded and {@link #put} never blocks.
 * Items may not be {@code null}.
 *
 * <p><b>Fairness.</b> Blocked getters and blocked putters are each served in arrival order, with no
 * barging: an item (or free slot) that appears while getters (putters) wait is promised to the oldest
 * of them, and a call arriving later cannot take it first.
 *
 * <p><b>Cancellation.</b> Every blocking method checks for cancellation when called and while it waits,
 * and throws {@link CancellationException} if the calling task is cancelled (on a thread that runs no
 * task, when the thread is interrupted; the interrupt status is then kept). Cancellation wins a race
 * with an answer: a getter cancelled at the moment an item was promised to it throws, and the item
 * stays in the queue for the next getter; a cancelled putter's item is never added. So a cancelled call
 * never loses an item and never adds one. Every blocking method has a form with a {@link Duration}
 * timeout and composes with {@code Spindle.timeout}.
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
 */
public sealed class Queue<E> permits LifoQueue, PriorityQueue {

    /** The items, in the order a subclass keeps them. Called under the queue's lock only. */
    interface Buffer<E> {
        /** Adds an item; throws before changing anything if the item cannot be added. */
        void add(E item);

        E poll();

        int size();

        void clear();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final int maxsize;
    // all guarded by lock
    private final Buffer<E> items;
    private final WaitList getters = new WaitList();
    private final WaitList putters = new WaitList();
    private final WaitList joiners = new WaitList();
    /** Getters answered GRANTED that have not yet taken their item: so many items are promised. */
    private int grantedItems;
    /** Putters answered GRANTED that have not yet added their item: so many free slots are promised. */
    private int grantedSlots;
    private int unfinished;
    private boolean shutDown;

    private volatile String name;

    /** Creates an unbounded queue. */
    public Queue() {
        this(0);
    }

    /**
     * Creates a queue that holds at most {@code maxsize} items.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     */
    public Queue(int maxsize) {
        this(maxsize, new Fifo<>());
    }

    Queue(int maxsize, Buffer<E> items) {
        this.maxsize = Math.max(0, maxsize);
        this.items = items;
    }

    /**
     * Names the queue, for task dumps ("waiting on Queue 'jobs'") and {@link #toString()}. Meant to be
     * called once, right after construction.
     *
     * @param name the name, not blank
     * @return this queue
     */
    public Queue<E> named(String name) {
        this.name = Sync.requireName(name);
        return this;
    }

    String kind() {
        return "Queue";
    }

    private String describe() {
        return Sync.describe(kind(), name, this);
    }

    // ---------------------------------------------------------------- put

    /**
     * Adds {@code item}, blocking while the queue is full.
     *
     * @param item the item, not {@code null}
     * @throws QueueShutDownException if the queue is shut down, before or while the call waits
     * @throws CancellationException if the calling task is cancelled first; the item is not added
     * @throws ClassCastException for a {@link PriorityQueue}, if the item cannot be compared
     */
    public void put(E item) {
        doPut(item, false, 0L);
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
     */
    public boolean put(E item, Duration timeout) {
        return doPut(item, true, Sync.nanos(timeout));
    }

    /**
     * Adds {@code item} if there is room now; never blocks.
     *
     * @param item the item, not {@code null}
     * @throws QueueFullException if the queue is full (or its free slots are promised to blocked putters)
     * @throws QueueShutDownException if the queue is shut down
     * @throws ClassCastException for a {@link PriorityQueue}, if the item cannot be compared
     */
    public void putNowait(E item) {
        Objects.requireNonNull(item, "item");
        checkItem(item);
        Waiter wake = null;
        lock.lock();
        try {
            if (shutDown) {
                throw shutDownForPut();
            }
            if (!hasFreeSlot()) {
                throw new QueueFullException(describe() + " is full (maxsize " + maxsize + ")");
            }
            wake = insert(item);
        } finally {
            lock.unlock();
            Waiter.wake(wake);
        }
    }

    /** Checks an item before it is queued; {@link PriorityQueue} checks that it can be compared. */
    void checkItem(E item) {}

    private boolean doPut(E item, boolean timed, long nanos) {
        Objects.requireNonNull(item, "item");
        checkItem(item);
        Blocking.checkCancelled();
        long deadline = timed ? Sync.deadline(nanos) : 0L;
        Waiter w;
        Waiter wake = null;
        lock.lock();
        try {
            if (shutDown) {
                throw shutDownForPut();
            }
            if (hasFreeSlot()) {
                wake = insert(item);
                return true;
            }
            if (timed && nanos == 0L) {
                return false;
            }
            w = new Waiter();
            putters.add(w);
        } finally {
            lock.unlock();
            Waiter.wake(wake);
        }
        return awaitSlot(w, item, timed, deadline);
    }

    private boolean awaitSlot(Waiter w, E item, boolean timed, long deadline) {
        int parked;
        String previous = Blocking.waitingOn(describe());
        try {
            parked = w.park(this, timed, deadline);
        } finally {
            Blocking.doneWaiting(previous);
        }
        Waiter wake = null;
        lock.lock();
        try {
            boolean interrupted = parked == Waiter.INTERRUPTED || Thread.interrupted();
            if (putters.remove(w)) { // never answered
                if (interrupted) {
                    throw Sync.cancelled();
                }
                return false;
            }
            if (w.state == Waiter.REFUSED) {
                if (interrupted) {
                    throw Sync.cancelled();
                }
                throw shutDownForPut();
            }
            grantedSlots--; // GRANTED: a slot was kept for us
            if (interrupted) {
                wake = grantPutter(); // hand the slot on
                throw Sync.cancelled();
            }
            if (shutDown) {
                throw shutDownForPut(); // every other putter was refused: nobody to hand the slot to
            }
            try {
                wake = insert(item);
            } catch (RuntimeException e) {
                wake = grantPutter();
                throw e;
            }
            return true;
        } finally {
            lock.unlock();
            Waiter.wake(wake);
        }
    }

    /** Under the lock: whether a put may add an item now without taking a slot promised to a putter. */
    private boolean hasFreeSlot() {
        return maxsize == 0 || items.size() + grantedSlots < maxsize;
    }

    /** Under the lock: adds the item and, if it is not promised yet, promises it to the oldest getter. */
    private Waiter insert(E item) {
        items.add(item);
        unfinished++;
        return grantGetter();
    }

    /** Under the lock: promises an unpromised item to the oldest getter, if both exist. */
    private Waiter grantGetter() {
        if (items.size() > grantedItems) {
            Waiter g = getters.grantFirst();
            if (g != null) {
                grantedItems++;
            }
            return g;
        }
        return null;
    }

    /** Under the lock: promises a free slot to the oldest putter, if both exist. */
    private Waiter grantPutter() {
        if (!putters.isEmpty() && hasFreeSlot()) {
            grantedSlots++;
            return putters.grantFirst();
        }
        return null;
    }

    // ---------------------------------------------------------------- get

    /**
     * Removes and returns the next item, blocking while the queue is empty.
     *
     * @return the item
     * @throws QueueShutDownException if the queue is shut down and empty, before or while the call waits
     * @throws CancellationException if the calling task is cancelled first; no item is taken
     */
    public E get() {
        return doGet(false, 0L);
    }

    /**
     * Removes and returns the next item, blocking at most {@code timeout} while the queue is empty.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @return the item
     * @throws DeadlineExceededException if the time ran out first; no item is taken
     * @throws QueueShutDownException if the queue is shut down and empty, before or while the call waits
     * @throws CancellationException if the calling task is cancelled first; no item is taken
     */
    public E get(Duration timeout) {
        E item = doGet(true, Sync.nanos(timeout));
        if (item == null) {
            throw new DeadlineExceededException(describe() + ": get(" + timeout + ") found no item in time", null);
        }
        return item;
    }

    /**
     * Removes and returns the next item if there is one now; never blocks.
     *
     * @return the item
     * @throws QueueEmptyException if the queue is empty (or its items are promised to blocked getters)
     * @throws QueueShutDownException if the queue is shut down and empty
     */
    public E getNowait() {
        Waiter wake = null;
        lock.lock();
        try {
            if (items.size() > grantedItems) {
                E item = items.poll();
                wake = afterTake();
                return item;
            }
            if (shutDown && items.size() == 0) {
                throw shutDownForGet();
            }
            throw new QueueEmptyException(describe() + " is empty");
        } finally {
            lock.unlock();
            Waiter.wake(wake);
        }
    }

    /** Returns {@code null} on timeout. */
    private E doGet(boolean timed, long nanos) {
        Blocking.checkCancelled();
        long deadline = timed ? Sync.deadline(nanos) : 0L;
        Waiter w;
        Waiter wake = null;
        lock.lock();
        try {
            if (items.size() > grantedItems) {
                E item = items.poll();
                wake = afterTake();
                return item;
            }
            if (shutDown && items.size() == 0) {
                throw shutDownForGet();
            }
            if (timed && nanos == 0L) {
                return null;
            }
            w = new Waiter();
            getters.add(w);
        } finally {
            lock.unlock();
            Waiter.wake(wake);
        }
        return awaitItem(w, timed, deadline);
    }

    private E awaitItem(Waiter w, boolean timed, long deadline) {
        int parked;
        String previous = Blocking.waitingOn(describe());
        try {
            parked = w.park(this, timed, deadline);
        } finally {
            Blocking.doneWaiting(previous);
        }
        Waiter wake = null;
        lock.lock();
        try {
            boolean interrupted = parked == Waiter.INTERRUPTED || Thread.interrupted();
            if (getters.remove(w)) { // never answered
                if (interrupted) {
                    throw Sync.cancelled();
                }
                return null;
            }
            if (w.state == Waiter.REFUSED) {
                if (interrupted) {
                    throw Sync.cancelled();
                }
                throw shutDownForGet();
            }
            grantedItems--; // GRANTED: an item was kept for us
            if (interrupted) {
                wake = grantGetter(); // the item stays; hand the promise on
                throw Sync.cancelled();
            }
            if (items.size() == 0) {
                throw shutDownForGet(); // shutdown(immediate) discarded it meanwhile
            }
            E item = items.poll();
            wake = afterTake();
            return item;
        } finally {
            lock.unlock();
            Waiter.wake(wake);
        }
    }

    /** Under the lock, after an item was taken: a slot is free; after a shutdown, maybe the last item went. */
    private Waiter afterTake() {
        if (shutDown && items.size() == 0) {
            getters.answerAll(Waiter.REFUSED);
        }
        return grantPutter();
    }

    // ---------------------------------------------------------------- size

    /**
     * The number of items in the queue now, items promised to woken getters included.
     *
     * @return the size, a snapshot
     */
    public int qsize() {
        lock.lock();
        try {
            return items.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the queue holds no item now.
     *
     * @return {@code qsize() == 0}, a snapshot
     */
    public boolean isEmpty() {
        return qsize() == 0;
    }

    /**
     * Whether the queue is at its capacity now; always {@code false} for an unbounded queue.
     *
     * @return {@code maxsize() > 0 && qsize() >= maxsize()}, a snapshot
     */
    public boolean isFull() {
        return maxsize > 0 && qsize() >= maxsize;
    }

    /**
     * The capacity given at construction, or 0 for an unbounded queue (also when it was negative).
     *
     * @return the capacity
     */
    public int maxsize() {
        return maxsize;
    }

    // ---------------------------------------------------------------- unfinished work

    /**
     * Marks one item that a consumer got as processed. When no unfinished item is left, blocked
     * {@link #join()} calls return.
     *
     * @throws IllegalStateException if called more times than items were put (after a
     *     {@code shutdown(true)}, discarded items count as done already)
     */
    public void taskDone() {
        lock.lock();
        try {
            if (unfinished <= 0) {
                throw new IllegalStateException("taskDone() called too many times on " + describe()
                        + ": every call must match one item put and taken");
            }
            if (--unfinished == 0) {
                joiners.answerAll(Waiter.GRANTED);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until every item put has been marked done with {@link #taskDone()}; returns at once if
     * none is unfinished.
     *
     * @throws CancellationException if the calling task is cancelled first
     */
    public void join() {
        doJoin(false, 0L);
    }

    /**
     * Blocks at most {@code timeout} until every item put has been marked done.
     *
     * @param timeout how long to wait; zero or negative does not wait
     * @return {@code true} if no unfinished item is left, {@code false} if the time ran out first
     * @throws CancellationException if the calling task is cancelled first
     */
    public boolean join(Duration timeout) {
        return doJoin(true, Sync.nanos(timeout));
    }

    private boolean doJoin(boolean timed, long nanos) {
        Blocking.checkCancelled();
        long deadline = timed ? Sync.deadline(nanos) : 0L;
        Waiter w;
        lock.lock();
        try {
            if (unfinished == 0) {
                return true;
            }
            if (timed && nanos == 0L) {
                return false;
            }
            w = new Waiter();
            joiners.add(w);
        } finally {
            lock.unlock();
        }
        int parked;
        String previous = Blocking.waitingOn(describe() + ".join()");
        try {
            parked = w.park(this, timed, deadline);
        } finally {
            Blocking.doneWaiting(previous);
        }
        lock.lock();
        try {
            boolean interrupted = parked == Waiter.INTERRUPTED || Thread.interrupted();
            boolean answered = !joiners.remove(w);
            if (interrupted) {
                throw Sync.cancelled();
            }
            return answered;
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Shuts the queue down, as {@code shutdown(false)}: puts throw {@link QueueShutDownException} from now
     * on, gets take what is left and then throw it, and blocked putters (and blocked getters, if the
     * queue is empty) wake with it. Idempotent.
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
     */
    public void shutdown(boolean immediate) {
        lock.lock();
        try {
            shutDown = true;
            if (immediate) {
                int discarded = items.size();
                items.clear();
                unfinished = Math.max(0, unfinished - discarded);
                if (unfinished == 0) {
                    joiners.answerAll(Waiter.GRANTED);
                }
            }
            putters.answerAll(Waiter.REFUSED);
            if (items.size() == 0) {
                getters.answerAll(Waiter.REFUSED);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Blocked getters (for tests and {@link #toString()}). */
    int waitingGetters() {
        lock.lock();
        try {
            return getters.size();
        } finally {
            lock.unlock();
        }
    }

    /** Blocked putters (for tests and {@link #toString()}). */
    int waitingPutters() {
        lock.lock();
        try {
            return putters.size();
        } finally {
            lock.unlock();
        }
    }

    /** Blocked joiners (for tests). */
    int waitingJoiners() {
        lock.lock();
        try {
            return joiners.size();
        } finally {
            lock.unlock();
        }
    }

    private QueueShutDownException shutDownForPut() {
        return new QueueShutDownException(describe() + " is shut down: it takes no more items");
    }

    private QueueShutDownException shutDownForGet() {
        return new QueueShutDownException(describe() + " is shut down and empty");
    }

    /**
     * Describes the queue: kind, name, size, capacity, blocked callers, and whether it is shut down.
     *
     * @return for example {@code Queue 'jobs'[qsize=1, maxsize=2, getters=0, putters=0]}
     */
    @Override
    public String toString() {
        lock.lock();
        try {
            return describe() + "[qsize=" + items.size() + ", maxsize=" + maxsize + ", getters=" + getters.size()
                    + ", putters=" + putters.size() + (shutDown ? ", shut down]" : "]");
        } finally {
            lock.unlock();
        }
    }

    /** First in, first out. */
    private static final class Fifo<E> implements Buffer<E> {
        private final ArrayDeque<E> deque = new ArrayDeque<>();

        @Override
        public void add(E item) {
            deque.addLast(item);
        }

        @Override
        public E poll() {
            return deque.pollFirst();
        }

        @Override
        public int size() {
            return deque.size();
        }

        @Override
        public void clear() {
            deque.clear();
        }
    }
}
