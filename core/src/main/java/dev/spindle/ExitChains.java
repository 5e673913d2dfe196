package dev.spindle;

import dev.spindle.internal.Blocking;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * How a run's shutdown waits for the threads of its tasks to end, without a list of every thread.
 * Finishing threads form chains through {@link #lastExited}, one chain per stripe (picked by task id, so
 * that threads ending on different carriers seldom touch the same slot): each one, as its task finishes,
 * takes the place of the thread that finished before it in its chain ({@link #finished}) and, just before
 * its thread ends, looks at that one: if it has not ended yet, it leaves it in {@link #stragglers}
 * ({@link #exiting}; it never waits for it: a wait there would park and wake every exiting thread in
 * turn). The shutdown joins the last thread of each chain, then every straggler, so once those have
 * ended, all have ({@link #joinAll}). Thread-safe.
 */
final class ExitChains {

    /** Array slots between two exit chains' heads: 64 bytes even with uncompressed references is 8. */
    private static final int SLOT_STRIDE = 16;
    /** How many exit chains: a power of two, at least twice the processors, at most 64. */
    static final int EXIT_CHAINS = Math.min(64, Integer.highestOneBit(
            Math.max(1, Runtime.getRuntime().availableProcessors() * 2 - 1)) << 1);

    /** The last thread of each exit chain, in slots {@link #SLOT_STRIDE} apart so no two share a cache line. */
    private final AtomicReferenceArray<Thread> lastExited = new AtomicReferenceArray<>(EXIT_CHAINS * SLOT_STRIDE);
    /** Threads that had not yet ended when their successor in the exit chain looked; any thread adds. */
    private final Queue<Thread> stragglers = new ConcurrentLinkedQueue<>();

    /**
     * Called by a finishing task's thread before its task retires (so the shutdown, once every task has
     * retired, is sure to find the chain); returns the thread that finished before it in its chain, which
     * the caller hands to {@link #exiting(Thread)} as the last thing it does.
     */
    Thread finished(TaskImpl<?> task) {
        return lastExited.getAndSet(exitChain(task) * SLOT_STRIDE, Thread.currentThread());
    }

    /** The exit chain of a task, from its id: consecutive tasks go to different chains. */
    private static int exitChain(TaskImpl<?> task) {
        return (int) task.id & (EXIT_CHAINS - 1);
    }

    /**
     * The last step of a task's thread: makes sure the shutdown waits for {@code previous} (the thread
     * that finished before the caller), unless it has already ended. Never blocks.
     */
    void exiting(Thread previous) {
        if (previous == null || !previous.isAlive()) {
            return;
        }
        stragglers.add(previous);
        for (Thread t; (t = stragglers.peek()) != null && !t.isAlive(); ) {
            stragglers.remove(t); // keeps the queue as short as the threads still ending
        }
    }

    /**
     * The shutdown, once every task has retired: waits until every thread of the chains has ended, and lets
     * go of them.
     *
     * @return whether the caller was interrupted meanwhile (the interrupt is not restored)
     */
    boolean joinAll() {
        boolean interrupted = false;
        for (int i = 0; i < lastExited.length(); i += SLOT_STRIDE) {
            // ended threads are let go: a run kept in view (the ring of ended runs) keeps no thread or task
            interrupted |= Blocking.joinQuietly(lastExited.getAndSet(i, null));
        }
        // Each straggler was added before the thread that saw it ended; joining it lets its own
        // predecessor (if that one had not ended either) appear here before the queue runs dry.
        for (Thread t; (t = stragglers.poll()) != null; ) {
            interrupted |= Blocking.joinQuietly(t);
        }
        return interrupted;
    }
}
