package dev.spindle;

import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * A fail-fast scope of child tasks, as asyncio's {@code TaskGroup} and Trio's nursery. Obtained only
 * inside {@link Spindle#taskGroup(Body)}, which runs the body, then waits for every child.
 *
 * <p>The first child failure (an exception other than a cancellation) cancels the other children and
 * the body, waits for all of them, then makes {@code taskGroup} throw that first failure with every
 * later failure attached as {@linkplain Throwable#getSuppressed() suppressed}. The body's own
 * {@code CancellationException} never hides it. A failure of the body itself counts the same way and
 * is thrown as it is, not wrapped. A child cancelled on its own does not abort the group. When the
 * task running the group is cancelled, its children are cancelled and awaited and {@code taskGroup}
 * throws {@code CancellationException}; if a child fails meanwhile (say in its cleanup), that failure
 * is thrown instead and the task's cancellation stays pending: its next blocking call throws it.
 *
 * <p>This interface is thread-safe: any task that can see the group may add children to it until the
 * group has ended. Children inherit the creating task's deadline (see {@link Spindle#currentDeadline()}).
 * @since 0.1.0
 */
public sealed interface TaskGroup permits TaskGroupImpl {

    /**
     * The body of a task group. A body with nothing to return ends with {@code return null;}, as a
     * {@code Callable<Void>} does: {@code Spindle.taskGroup(g -> { g.createTask(() -> work()); return null; })}.
     *
     * @param <T> the body's result type
     * @since 0.1.0
     */
    @FunctionalInterface
    interface Body<T> {
        /**
         * Runs in the task that called {@link Spindle#taskGroup(Body)}.
         *
         * @param group the group, to add children to
         * @return the value {@code taskGroup} returns once every child has finished
         * @throws Exception anything; it aborts the group like a child failure
         * @since 0.1.0
         */
        T run(TaskGroup group) throws Exception;
    }

    /**
     * Starts a child task in this group.
     *
     * @param body the child's body
     * @param <T> the result type
     * @return the started child
     * @throws NullPointerException if {@code body} is {@code null}
     * @throws IllegalStateException if the group has ended, is being cancelled or is aborting after a failure
     * @since 0.1.0
     */
    <T> Task<T> createTask(Callable<T> body);

    /**
     * Starts a named child task in this group.
     *
     * @param name the child's name
     * @param body the child's body
     * @param <T> the result type
     * @return the started child
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalStateException if the group has ended, is being cancelled or is aborting after a failure
     * @since 0.1.0
     */
    <T> Task<T> createTask(String name, Callable<T> body);

    /**
     * Starts a child task whose body returns nothing, as {@link #createTask(Callable)}: a zero-argument
     * lambda whose body is a block without {@code return}, or a reference to a {@code void} method, picks
     * this form. The body may throw checked exceptions.
     *
     * @param body the child's body
     * @return the started child; its result is {@code null}
     * @throws NullPointerException if {@code body} is {@code null}
     * @throws IllegalStateException if the group has ended, is being cancelled or is aborting after a failure
     * @since 0.1.0
     */
    default Task<Void> createTask(ThrowingRunnable body) {
        return createTask(VoidBodies.of(body));
    }

    /**
     * Starts a named child task whose body returns nothing, as {@link #createTask(ThrowingRunnable)}.
     *
     * @param name the child's name
     * @param body the child's body
     * @return the started child; its result is {@code null}
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalStateException if the group has ended, is being cancelled or is aborting after a failure
     * @since 0.1.0
     */
    default Task<Void> createTask(String name, ThrowingRunnable body) {
        Objects.requireNonNull(name, "name");
        return createTask(name, VoidBodies.of(body));
    }

    /**
     * Ends the group early without an error (asyncio 3.15's {@code TaskGroup.cancel}): cancels every
     * child and the body. {@code taskGroup} then returns the body's result if the body returned, or
     * {@code null} if the cancellation ended it. Does nothing once the group has ended or is aborting.
     * @since 0.1.0
     */
    void cancel();

    /**
     * The group's name, used in task dumps and end reasons.
     *
     * @return the name
     * @since 0.1.0
     */
    String name();
}
