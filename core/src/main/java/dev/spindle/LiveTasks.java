package dev.spindle;

import java.util.ArrayList;
import java.util.List;

/**
 * The unfinished tasks a run owns (those of {@code createTask} and its main task; the children of
 * groups and gathers are reached through their groups, see {@link RunScope}): doubly-linked lists
 * threaded through the tasks themselves ({@link TaskImpl#runPrev}, {@link TaskImpl#runNext}), one list
 * per stripe, the stripe picked by task id, each guarded by its own monitor. Adding and removing take
 * constant time and allocate nothing, and tasks starting and ending on different carriers seldom meet
 * on one lock. (A {@code ConcurrentHashMap} key set, used before, had to grow from empty in every run
 * and took a third of the CPU samples of a 111,111-task fan-out tree.)
 *
 * <p>This class is thread-safe. The critical sections only relink a few fields, so a virtual thread
 * never blocks inside one.
 */
final class LiveTasks {

    /** How many lists: a power of two, at least twice the processors, at most 64. */
    static final int STRIPES = Math.min(64, Integer.highestOneBit(
            Math.max(1, Runtime.getRuntime().availableProcessors() * 2 - 1)) << 1);

    /**
     * One list; its fields and the links of its tasks are guarded by its monitor. The padding keeps two
     * stripes' heads (and monitors, in the object header) off one cache line: the JVM lays the longs out
     * before the reference and the int.
     */
    @SuppressWarnings("unused")
    private static final class Stripe {
        long p0, p1, p2, p3, p4, p5, p6;
        TaskImpl<?> head;
        int size;
    }

    private final Stripe[] stripes = new Stripe[STRIPES];

    LiveTasks() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** The stripe a task belongs to, from its id: consecutive tasks go to different stripes. */
    static int stripeIndex(TaskImpl<?> task) {
        return (int) task.id & (STRIPES - 1);
    }

    private Stripe stripeOf(TaskImpl<?> task) {
        return stripes[stripeIndex(task)];
    }

    /** Adds a task that is in no list. */
    void add(TaskImpl<?> task) {
        Stripe s = stripeOf(task);
        synchronized (s) {
            TaskImpl<?> head = s.head;
            task.runNext = head;
            if (head != null) {
                head.runPrev = task;
            }
            s.head = task;
            s.size++;
        }
    }

    /** Removes a task; does nothing if it is not in the list. */
    void remove(TaskImpl<?> task) {
        Stripe s = stripeOf(task);
        synchronized (s) {
            TaskImpl<?> prev = task.runPrev;
            TaskImpl<?> next = task.runNext;
            if (prev == null) {
                if (s.head != task) {
                    return;
                }
                s.head = next;
            } else {
                prev.runNext = next;
            }
            if (next != null) {
                next.runPrev = prev;
            }
            task.runPrev = null;
            task.runNext = null;
            s.size--;
        }
    }

    /** The tasks in the lists now, in no particular order. */
    List<TaskImpl<?>> snapshot() {
        ArrayList<TaskImpl<?>> all = new ArrayList<>();
        for (Stripe s : stripes) {
            synchronized (s) {
                all.ensureCapacity(all.size() + s.size);
                for (TaskImpl<?> t = s.head; t != null; t = t.runNext) {
                    all.add(t);
                }
            }
        }
        return all;
    }
}
