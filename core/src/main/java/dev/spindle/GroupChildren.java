package dev.spindle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TaskGroupImpl}'s children: which they are, and how many are still live.
 *
 * <p>A task group keeps only its unfinished children, in a list linked through the children themselves
 * ({@link TaskLinks}), so a child costs it no node. A gather keeps every child in start order instead, in
 * one list it hands to its caller ({@link #spawned}): only the group's owner adds there, and the caller
 * keeps them all anyway, so finishing children never take this lock to unlink themselves (a hundred
 * thousand children finishing at once all would); once the gather has ended, it lets go of the list
 * ({@link #forgetAll}), which its caller keeps. The lists are guarded by this object's monitor.
 *
 * <p>The live count doubles as the group's end latch: a child is counted before it starts and uncounted
 * once it has finished, and the owner closes the count by swapping 0 for {@link #CLOSED}, after which no
 * child can be added.
 */
final class GroupChildren {

    private static final long CLOSED = Long.MIN_VALUE;

    /** A task group's unfinished children, linked through their group links; {@code null} when empty. */
    private TaskImpl<?> unfinished;
    /**
     * A gather's children, finished or not, in start order; {@code null} for a task group, and once the
     * gather has ended ({@link #forgetAll}).
     */
    private ArrayList<TaskImpl<?>> spawned;
    /** Whether this is a gather's list, which keeps every child; read without the lock. */
    private final boolean keepAll;
    private final AtomicLong live = new AtomicLong();

    /** @param keepAll whether to keep every child (a gather) or only the unfinished ones (a task group) */
    GroupChildren(boolean keepAll) {
        this.keepAll = keepAll;
        this.spawned = keepAll ? new ArrayList<>() : null;
    }

    // ---------------------------------------------------------------- the live count

    /** Counts one more live child, before it starts; {@code false} if the count is closed (the group ended). */
    boolean reserve() {
        for (;;) {
            long n = live.get();
            if (n == CLOSED) {
                return false;
            }
            if (live.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Uncounts a child that has finished (or could not start); {@code true} if it was the last live one. */
    boolean release() {
        return live.decrementAndGet() == 0L;
    }

    /** Closes the count if no child is live, so that none can be added from now on; returns whether it did. */
    boolean closeIfNoneLive() {
        while (live.get() == 0L) {
            if (live.compareAndSet(0L, CLOSED)) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- the lists

    synchronized void add(TaskImpl<?> child) {
        if (keepAll) {
            spawned.add(child);
            return;
        }
        unfinished = child.pushOnto(unfinished);
    }

    /** Takes out a child whose thread could not be started. */
    synchronized void remove(TaskImpl<?> child) {
        if (keepAll) {
            if (spawned != null) {
                spawned.remove(child);
            }
            return;
        }
        unfinished = child.unlinkFrom(unfinished);
    }

    /** A child has finished: a task group forgets it, a gather keeps it for its caller. The child's thread. */
    void finished(TaskImpl<?> child) {
        if (!keepAll) {
            remove(child); // a gather's children take no lock as they finish
        }
    }

    /**
     * Lets go of a gather's children once it has ended and handed them to its caller: a child that stays
     * reachable (from the ring of ended tasks, through its group) must not keep its siblings alive.
     * The owner only, after every child has finished.
     */
    synchronized void forgetAll() {
        spawned = null;
        unfinished = null;
    }

    /**
     * A gather's children, in the order they were started, sized for {@code expected}: the owner's list,
     * handed to it so that it need not keep a second one. The owner only, from the body; the list must
     * not be changed, and is read by others (under this object's lock) until the group ends.
     */
    synchronized List<TaskImpl<?>> spawned(int expected) {
        spawned.ensureCapacity(expected);
        return spawned;
    }

    /** A gather's children, a snapshot; empty for a task group. Any thread. */
    synchronized List<TaskImpl<?>> spawnedSnapshot() {
        return spawned == null ? List.of() : List.copyOf(spawned);
    }

    /** The children that have not finished yet; any thread. */
    synchronized List<TaskImpl<?>> unfinished() {
        List<TaskImpl<?>> left = new ArrayList<>();
        if (spawned != null) {
            for (TaskImpl<?> c : spawned) {
                if (!c.isFinished()) {
                    left.add(c);
                }
            }
        }
        for (TaskImpl<?> c = unfinished; c != null; c = c.nextInGroup()) {
            left.add(c);
        }
        return left;
    }
}
