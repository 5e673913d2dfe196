package dev.spindle;

/**
 * The links layer of a task ({@link TaskImpl} explains the layers): how its run and its groups find the
 * tasks they must wait for. A task links the run-owned tasks it created ({@link CreatedTasks}) and the
 * groups and gathers it has open; a group's child sits in the group's list of unfinished children,
 * linked through the children themselves, so that a child costs the group no node. Owners change these
 * links only through the methods below.
 */
abstract sealed class TaskLinks<T> extends TaskCancellation<T> permits TaskImpl {

    /** The groups and gathers this task has open, innermost first, linked by {@link TaskGroupImpl#outer}. */
    private volatile TaskGroupImpl openGroups; // written by the own thread; read by dumps and shutdown
    /** The run-owned tasks this task created: {@code null} before its first and once it retired; its own thread writes. */
    private volatile CreatedTasks created;
    /** Links in the owning group's list of unfinished children; guarded by the group, which links through {@link #pushOnto}. */
    private TaskImpl<?> groupPrev;
    private TaskImpl<?> groupNext;

    /** This task: the one implementation below this layer. */
    private TaskImpl<?> self() {
        return (TaskImpl<?>) this;
    }

    /** Another task's links (its own private fields, which a subclass type does not show). */
    private static TaskLinks<?> links(TaskImpl<?> task) {
        return task;
    }

    // ---------------------------------------------------------------- groups this task has open

    /** Opens {@code group}, whose {@link TaskGroupImpl#outer} is the current {@link #openGroups()}. Own thread. */
    final void openGroup(TaskGroupImpl group) {
        openGroups = group;
    }

    /** Closes the innermost group, {@code group}. Own thread. */
    final void closeGroup(TaskGroupImpl group) {
        openGroups = group.outer;
    }

    /** The innermost group this task has open, or {@code null}; any thread, for a snapshot. */
    final TaskGroupImpl openGroups() {
        return openGroups;
    }

    // ---------------------------------------------------------------- tasks this task created

    /** The run-owned tasks this task created, or {@code null} before its first; any thread. */
    final CreatedTasks created() {
        return created;
    }

    /** The list for a run-owned task this task creates, made on its first {@code createTask}. Own thread. */
    final CreatedTasks createdTasks() {
        CreatedTasks list = created;
        if (list == null) {
            list = new CreatedTasks(self());
            created = list; // a volatile write: a walk that finds this task finds its list
        }
        return list;
    }

    /**
     * Lets go of the list of created tasks as the task retires, after the run took it if one of them has
     * not retired: a finished task that stays reachable (from a dump's ring of ended tasks, a reason, a
     * caller's variable) must not keep every task it created alive. Own thread; a walk that reads
     * {@code null} here finds the list with the run's.
     */
    final void dropCreated() {
        created = null;
    }

    // ---------------------------------------------------------------- the owning group's list (under its lock)

    /** Puts this task in front of the list whose head is {@code head}; returns the new head, this task. */
    final TaskImpl<?> pushOnto(TaskImpl<?> head) {
        groupNext = head;
        if (head != null) {
            links(head).groupPrev = self();
        }
        return self();
    }

    /** Takes this task out of the list whose head is {@code head}, if it is in it; returns the new head. */
    final TaskImpl<?> unlinkFrom(TaskImpl<?> head) {
        TaskImpl<?> prev = groupPrev;
        TaskImpl<?> next = groupNext;
        if (prev == null) {
            if (head != this) {
                return head;
            }
            head = next;
        } else {
            links(prev).groupNext = next;
        }
        if (next != null) {
            links(next).groupPrev = prev;
        }
        groupPrev = null;
        groupNext = null;
        return head;
    }

    /** The next task in the owning group's list, or {@code null}. */
    final TaskImpl<?> nextInGroup() {
        return groupNext;
    }
}
