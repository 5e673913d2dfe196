package dev.spindle.sync;

import java.util.ArrayDeque;

/**
 * A {@link Queue}'s items, in the order its kind keeps them: first in first out, last in first out
 * ({@link #fifo()}, {@link #lifo()}), or by priority ({@link PriorityQueue}'s heap). The queue's hook
 * for its subclasses; called under the queue's lock only, so not thread-safe.
 */
interface QueueBuffer<E> {

    /** Adds an item; throws before changing anything if the item cannot be added. */
    void add(E item);

    E poll();

    /** Puts back an item {@link #poll()} returned, so that it comes out next (or as its order says). */
    void putBack(E item);

    int size();

    void clear();

    /** First in, first out: {@link Queue}. */
    static <E> QueueBuffer<E> fifo() {
        return new DequeBuffer<>(false);
    }

    /** Last in, first out: {@link LifoQueue}. */
    static <E> QueueBuffer<E> lifo() {
        return new DequeBuffer<>(true);
    }

    /** The two orders over one deque: items go in at the tail and come out at the head or the tail. */
    final class DequeBuffer<E> implements QueueBuffer<E> {
        private final ArrayDeque<E> deque = new ArrayDeque<>();
        private final boolean lifo;

        private DequeBuffer(boolean lifo) {
            this.lifo = lifo;
        }

        @Override
        public void add(E item) {
            deque.addLast(item);
        }

        @Override
        public E poll() {
            return lifo ? deque.pollLast() : deque.pollFirst();
        }

        @Override
        public void putBack(E item) {
            if (lifo) {
                deque.addLast(item);
            } else {
                deque.addFirst(item);
            }
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
