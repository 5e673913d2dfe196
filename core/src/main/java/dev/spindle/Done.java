package dev.spindle;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Spindle#waitTasks} returns: the tasks that had finished, in the order they finished,
 * and those still pending, in the order they were given. Both lists are immutable.
 *
 * @param done the finished tasks, in completion order
 * @param pending the unfinished tasks, in argument order
 * @param <T> the tasks' result type
 * @since 0.1.0
 */
public record Done<T>(List<Task<T>> done, List<Task<T>> pending) {

    /**
     * Creates the split, copying both lists.
     *
     * @param done the finished tasks
     * @param pending the unfinished tasks
     * @throws NullPointerException if either list is {@code null} or holds {@code null}
     * @since 0.1.0
     */
    public Done {
        done = List.copyOf(Objects.requireNonNull(done, "done"));
        pending = List.copyOf(Objects.requireNonNull(pending, "pending"));
    }
}
