package dev.spindle.sync;

import java.util.Comparator;
import java.util.Objects;

/**
 * A {@link Queue} that returns its smallest item first, as asyncio's {@code PriorityQueue}: by the
 * items' natural order ({@link Comparable}) or by a {@link Comparator}. Unlike Python's heap, equal
 * items come out in the order they were put (the order is stable). Everything else (capacity,
 * blocking, fairness among blocked callers, cancellation, {@code taskDone}/{@code join}, shutdown) is
 * as in {@link Queue}.
 *
 * <p>An item that cannot be compared (not {@code Comparable} without a comparator, or one whose
 * comparison with a queued item throws {@link ClassCastException}) is rejected by the put that offers
 * it, and the queue is left unchanged.
 *
 * <p>This class is thread-safe. The comparator (or {@code compareTo}) runs under the queue's internal
 * lock: it must be fast and must not block or use the queue.
 *
 * @param <E> the type of the items
 * @since 0.1.0
 */
public final class PriorityQueue<E> extends Queue<E> {

    private final boolean natural;

    /**
     * Creates an unbounded priority queue ordered by the items' natural order.
     * @since 0.1.0
     */
    public PriorityQueue() {
        this(0);
    }

    /**
     * Creates a priority queue ordered by the items' natural order.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     * @since 0.1.0
     */
    public PriorityQueue(int maxsize) {
        super(maxsize, new Heap<>(null));
        this.natural = true;
    }

    /**
     * Creates a priority queue ordered by {@code comparator}.
     *
     * @param maxsize the capacity; zero or negative means unbounded
     * @param comparator the order; the smallest item comes out first
     * @since 0.1.0
     */
    public PriorityQueue(int maxsize, Comparator<? super E> comparator) {
        super(maxsize, new Heap<>(Objects.requireNonNull(comparator, "comparator")));
        this.natural = false;
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
    public PriorityQueue<E> named(String name) {
        super.named(name);
        return this;
    }

    @Override
    void checkItem(E item) {
        if (natural && !(item instanceof Comparable)) {
            throw new ClassCastException("PriorityQueue without a comparator needs Comparable items, got "
                    + item.getClass().getName());
        }
    }

    /** A binary heap of entries ordered by item, then by insertion number (so ties come out FIFO). */
    private static final class Heap<E> implements QueueBuffer<E> {

        private record Entry<E>(E item, long seq) {}

        private final java.util.PriorityQueue<Entry<E>> heap;
        private long nextSeq;
        private long firstSeq;

        @SuppressWarnings("unchecked")
        Heap(Comparator<? super E> comparator) {
            Comparator<? super E> order = comparator != null ? comparator
                    : (a, b) -> ((Comparable<Object>) a).compareTo(b);
            this.heap = new java.util.PriorityQueue<>(
                    Comparator.<Entry<E>, E>comparing(Entry::item, order).thenComparingLong(Entry::seq));
        }

        @Override
        public void add(E item) {
            heap.add(new Entry<>(item, nextSeq)); // a failed comparison leaves the heap as it was
            nextSeq++;
        }

        @Override
        public E poll() {
            Entry<E> e = heap.poll();
            return e == null ? null : e.item();
        }

        @Override
        public void putBack(E item) {
            heap.add(new Entry<>(item, --firstSeq)); // ahead of the items equal to it
        }

        @Override
        public int size() {
            return heap.size();
        }

        @Override
        public void clear() {
            heap.clear();
        }
    }
}
