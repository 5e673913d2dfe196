package dev.spindle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The run-owned tasks one task has created with {@code createTask}, in an array that only that task's
 * thread writes: adding a task stores one reference, and a finishing task writes nothing here (it marks
 * itself {@linkplain TaskImpl#isRetired() retired}), so a task created on one carrier and finished on
 * another shares no lock and no neighbour's fields with anybody.
 *
 * <p>A slot whose task has retired is free: the creator reuses it. The creator looks for free slots with
 * a cursor that passes over the array once, reading each slot once; at the end of a pass the next one
 * starts over the same array, over one twice as long when more than half of the slots the pass looked at
 * were taken (so an add reads about two slots on average), or over one that fits the unretired tasks when
 * less than an eighth were (so an array that once held many shrinks back).
 *
 * <p>Readers ({@link #addUnretiredTo}) may run on any thread while the creator adds. Every slot is
 * written with a release store and read with an acquire load, and an unretired task never moves within
 * an array (a resize copies into a new array, published after the copy), so a reader sees every task
 * that was unretired and added before it started, and may miss one added meanwhile.
 *
 * <p>{@link #compactIfCreatorRetired} lets another thread take over the array once the creator has
 * retired (it can add no more); the run calls it under the lock of its list of these objects.
 */
final class CreatedTasks {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(TaskImpl[].class);
    /** The first array's length; a task that creates a few tasks never resizes. */
    static final int MIN_SLOTS = 8;

    /** The task that creates; its thread is the only writer until it has retired. */
    final TaskImpl<?> creator;
    private volatile TaskImpl<?>[] slots = new TaskImpl<?>[MIN_SLOTS];
    /** The next slot to look at: creator's thread only. */
    private int cursor;
    /** Where the current pass started: creator's thread only. */
    private int passStart;
    /** Slots the current pass found taken by an unretired task: creator's thread only. */
    private int kept;

    CreatedTasks(TaskImpl<?> creator) {
        this.creator = creator;
    }

    /** Adds a task; the creator's thread only. */
    void add(TaskImpl<?> task) {
        for (;;) {
            TaskImpl<?>[] a = slots;
            for (int i = cursor; i < a.length; i++) {
                TaskImpl<?> held = a[i]; // this thread wrote every slot: a plain read is enough
                if (held == null || held.isRetired()) {
                    SLOT.setRelease(a, i, task);
                    cursor = i + 1;
                    return;
                }
                kept++;
            }
            endPass(a);
        }
    }

    /**
     * Starts the next pass: over an array twice as long when the pass found more than half of the slots
     * it looked at taken (adds would soon cost more than two reads), over one that fits the unretired
     * tasks when it found less than an eighth taken in an array longer than the first, else over this one.
     */
    private void endPass(TaskImpl<?>[] a) {
        int looked = a.length - passStart;
        if (kept * 2 > looked) {
            cursor = copyUnretired(a, a.length * 2);
        } else if (kept * 8 < looked && a.length > MIN_SLOTS) {
            int live = countUnretired(a);
            cursor = copyUnretired(a, Math.max(MIN_SLOTS, Integer.highestOneBit(Math.max(1, live * 2 - 1)) << 1));
        } else {
            cursor = 0;
        }
        passStart = cursor;
        kept = 0;
    }

    private static int countUnretired(TaskImpl<?>[] a) {
        int live = 0;
        for (TaskImpl<?> t : a) {
            if (t != null && !t.isRetired()) {
                live++;
            }
        }
        return live;
    }

    /**
     * Copies the unretired tasks (at most {@code length} of them, which a caller makes sure is enough) to
     * the front of a new array and publishes it; returns how many it copied.
     */
    private int copyUnretired(TaskImpl<?>[] a, int length) {
        TaskImpl<?>[] copy = new TaskImpl<?>[length];
        int n = 0;
        for (TaskImpl<?> t : a) {
            if (t != null && !t.isRetired() && n < length) {
                copy[n++] = t;
            }
        }
        slots = copy; // the volatile write publishes the copied slots
        return n;
    }

    /** The array's length now; for tests. */
    int capacity() {
        return slots.length;
    }

    /** Adds the tasks that have not retired to {@code out}; any thread, as a best-effort snapshot. */
    void addUnretiredTo(List<TaskImpl<?>> out) {
        TaskImpl<?>[] a = slots;
        for (int i = 0; i < a.length; i++) {
            TaskImpl<?> t = (TaskImpl<?>) SLOT.getAcquire(a, i);
            if (t != null && !t.isRetired()) {
                out.add(t);
            }
        }
    }

    /**
     * If the creator has retired, drops the retired tasks (shrinking the array to fit the rest) and says
     * whether none is left, so that the run can forget this object. Called under the run's lock of these
     * objects, never by the creator before it retired.
     */
    boolean compactIfCreatorRetired() {
        if (!creator.isRetired()) {
            return false;
        }
        TaskImpl<?>[] a = slots;
        int live = countUnretired(a);
        if (live == 0) {
            return true;
        }
        if (live < a.length) {
            copyUnretired(a, live);
        }
        return false;
    }
}
