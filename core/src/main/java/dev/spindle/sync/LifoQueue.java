package dev.spindle.sync;

/**
 * A last-in-first-out {@link Queue} (a stack), as asyncio's {@code LifoQueue}: {@link #get()} returns
 * the item put most recently. Everything else (capacity, blocking, fairness among blocked callers,
 * cancellation, {@code taskDone}/{@code join}, shutdown) is as in {@link Queue}.
 *
 * <p>This class is thread-safe.
 *
 * @param <E> the type of the items
 * @since 0.1.0
 */
public final class LifoQueue<E> extends Queue<E> {

    /**
     * Creates an unbounded LIFO queue.
     * @since 0.1.0
     */
    public LifoQueue() {
        this(0);
    }

    /**
     * Creates a LIFO queue that holds at most {@code maxsize} items.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     * @since 0.1.0
     */
    public LifoQueue(int maxsize) {
        super(maxsize, QueueBuffer.lifo());
    }

    /**
     * Names the queue, for task dumps and {@link #toString()}. Meant to be called once, right after
     * construction.
     *
     * @param name the name, not blank
     * @return this queue
     * @since 0.1.0
     */
    @Override
    public LifoQueue<E> named(String name) {
        super.named(name);
        return this;
    }

}
