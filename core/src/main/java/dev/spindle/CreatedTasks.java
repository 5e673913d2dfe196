package dev.spindle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Collection;

/**
 * The run-owned tasks one task has created with {@code createTask}, in slots that only that task's
 * thread writes: adding a task stores one reference, and a finishing task writes nothing here (it marks
 * itself {@linkplain TaskImpl#isRetired() retired}), so a task created on one carrier and finished on
 * another shares no lock and no neighbour's fields with anybody.
 *
 * <p>The slots are a chain of small arrays (chunks of at most {@link #MAX_CHUNK} slots). One large array
 * would be a humongous object for G1 once it held about 130,000 tasks: allocated in the old generation,
 * it would keep every task it ever referenced alive through young collections until a concurrent cycle
 * found it dead, and a run creating that many tasks made the heap grow by its tasks on every run.
 *
 * <p>A slot whose task has retired is free: the creator reuses it. The creator looks for free slots with
 * a cursor that passes over the chain once, reading each slot once. When a pass found more than half of
 * the slots it looked at taken, the chain doubles by appending chunks (so an add reads about two slots
 * on average); when it found less than an eighth taken in a chain longer than the first chunk, the
 * unretired tasks are copied into a new chain that fits them (so a chain that once held many shrinks
 * back); otherwise the next pass starts at the head.
 *
 * <p>Readers ({@link #addUnretiredTo}) may run on any thread while the creator adds. Every slot is
 * written with a release store and read with an acquire load, and an unretired task never moves within
 * a chain (a shrink copies into a new chain, published after the copy), so a reader sees every task that
 * was unretired and added before it started, and may miss one added meanwhile.
 *
 * <p>{@link #compactIfCreatorRetired} lets another thread take over the chain once the creator has
 * retired (it can add no more); the run calls it under the lock of its list of these objects.
 */
final class CreatedTasks {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(TaskImpl[].class);
    /** The first chunk's length; a task that creates a few tasks never adds a chunk. */
    static final int FIRST_CHUNK = 8;
    /** The longest chunk: 4 KB of compressed references, far below G1's humongous threshold. */
    static final int MAX_CHUNK = 1024;

    /** A chunk of slots; {@link #next} links the chain. */
    private static final class Chunk {
        final TaskImpl<?>[] slots;
        volatile Chunk next;

        Chunk(int length) {
            slots = new TaskImpl<?>[length];
        }
    }

    /** The task that creates; its thread is the only writer until it has retired. */
    final TaskImpl<?> creator;
    private volatile Chunk head = new Chunk(FIRST_CHUNK);

    // The creator's thread only:
    /** The chunk and slot where the next add looks first. */
    private Chunk chunk = head;
    private int cursor;
    private Chunk tail = chunk;
    /** Slots in the chain. */
    private int capacity = FIRST_CHUNK;
    /** Slots still to append before the pass ends, after a crowded pass. */
    private int growth;
    /** Slots the current pass found taken by an unretired task, and filled. */
    private int kept;
    private int filled;

    CreatedTasks(TaskImpl<?> creator) {
        this.creator = creator;
    }

    /** Adds a task; the creator's thread only. */
    void add(TaskImpl<?> task) {
        for (;;) {
            TaskImpl<?>[] a = chunk.slots;
            for (int i = cursor; i < a.length; i++) {
                TaskImpl<?> held = a[i]; // this thread wrote every slot: a plain read is enough
                if (held == null || held.isRetired()) {
                    SLOT.setRelease(a, i, task);
                    cursor = i + 1;
                    filled++;
                    return;
                }
                kept++;
            }
            nextChunk();
        }
    }

    /** Moves the cursor to the next chunk: the one after, a new one, or the head of the next pass. */
    private void nextChunk() {
        Chunk next = chunk.next;
        if (next == null && growth > 0) {
            next = new Chunk(Math.min(MAX_CHUNK, growth));
            growth -= next.slots.length;
            capacity += next.slots.length;
            tail.next = next; // the volatile write publishes the new chunk
            tail = next;
        }
        cursor = 0;
        if (next != null) {
            chunk = next;
            return;
        }
        int looked = kept + filled;
        if (kept * 2 > looked) {
            growth = capacity; // double: appended chunk by chunk as the pass reaches them
            nextChunk();
            return;
        }
        if (kept * 8 < looked && capacity > FIRST_CHUNK) {
            copyUnretired();
        }
        chunk = head;
        kept = 0;
        filled = 0;
    }

    /** Copies the unretired tasks into a new chain twice as long as they need and publishes it. */
    private void copyUnretired() {
        int live = countUnretired();
        Chunk first = null;
        Chunk last = null;
        int length = 0;
        int want = Math.max(FIRST_CHUNK, live * 2);
        while (length < want) {
            Chunk c = new Chunk(Math.min(MAX_CHUNK, Math.max(FIRST_CHUNK, want - length)));
            if (first == null) {
                first = c;
            } else {
                last.next = c;
            }
            last = c;
            length += c.slots.length;
        }
        Chunk to = first;
        int i = 0;
        for (Chunk from = head; from != null; from = from.next) {
            for (TaskImpl<?> t : from.slots) {
                if (t != null && !t.isRetired()) {
                    if (i == to.slots.length) {
                        to = to.next;
                        i = 0;
                    }
                    to.slots[i++] = t;
                }
            }
        }
        head = first; // the volatile write publishes the copied chain
        tail = last;
        capacity = length;
    }

    /** Whether a task in the chain has not retired; the creator's thread. */
    boolean hasUnretired() {
        for (Chunk c = head; c != null; c = c.next) {
            for (TaskImpl<?> t : c.slots) {
                if (t != null && !t.isRetired()) {
                    return true;
                }
            }
        }
        return false;
    }

    private int countUnretired() {
        int live = 0;
        for (Chunk c = head; c != null; c = c.next) {
            for (TaskImpl<?> t : c.slots) {
                if (t != null && !t.isRetired()) {
                    live++;
                }
            }
        }
        return live;
    }

    /** The slots in the chain now; for tests. */
    int capacity() {
        int n = 0;
        for (Chunk c = head; c != null; c = c.next) {
            n += c.slots.length;
        }
        return n;
    }

    /** The longest chunk in the chain now; for tests. */
    int largestChunk() {
        int n = 0;
        for (Chunk c = head; c != null; c = c.next) {
            n = Math.max(n, c.slots.length);
        }
        return n;
    }

    /** Adds the tasks that have not retired to {@code out}; any thread, as a best-effort snapshot. */
    void addUnretiredTo(Collection<? super TaskImpl<?>> out) {
        for (Chunk c = head; c != null; c = c.next) {
            TaskImpl<?>[] a = c.slots;
            for (int i = 0; i < a.length; i++) {
                TaskImpl<?> t = (TaskImpl<?>) SLOT.getAcquire(a, i);
                if (t != null && !t.isRetired()) {
                    out.add(t);
                }
            }
        }
    }

    /**
     * If the creator has retired, drops the retired tasks (copying the rest into a chain that fits them)
     * and says whether none is left, so that the run can forget this object. Called under the run's lock
     * of these objects, never by the creator before it retired.
     */
    boolean compactIfCreatorRetired() {
        if (!creator.isRetired()) {
            return false;
        }
        int live = countUnretired();
        if (live == 0) {
            return true;
        }
        if (live * 2 < capacity) {
            copyUnretired();
        }
        return false;
    }
}
