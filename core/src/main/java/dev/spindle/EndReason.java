package dev.spindle;

import java.util.Objects;

/**
 * Why a task ended, as {@link Task#endReason()} reports it. While a task runs this is the reason it
 * <em>would</em> end with if a pending cancellation took effect; see {@link Task#endReason()}.
 *
 * <p>Use it with pattern matching:
 * <pre>{@code
 * switch (task.endReason().orElseThrow()) {
 *     case EndReason.Returned r -> ...
 *     case EndReason.Failed f -> log(f.failure());
 *     case EndReason.SiblingFailed s -> log("because " + s.sibling().name() + " failed");
 *     default -> ...
 * }
 * }</pre>
 * @since 0.1.0
 */
public sealed interface EndReason {

    /**
     * The body returned a value (even if a cancellation had been requested and was swallowed).
     * @since 0.1.0
     */
    record Returned() implements EndReason {}

    /**
     * The body threw.
     *
     * @param failure what it threw
     * @since 0.1.0
     */
    record Failed(Throwable failure) implements EndReason {
        /**
         * Checks the failure.
         *
         * @param failure what the body threw
         * @throws NullPointerException if {@code failure} is {@code null}
         * @since 0.1.0
         */
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /**
     * The task was cancelled explicitly ({@link Task#cancel(String)}), or a cancellation from
     * something it waited on escaped its body.
     *
     * @param message the reason given to {@code cancel}, or a description
     * @since 0.1.0
     */
    record Cancelled(String message) implements EndReason {}

    /**
     * A sibling in the same task group or gather failed, so the task was cancelled.
     *
     * @param sibling the task whose failure caused it
     * @since 0.1.0
     */
    record SiblingFailed(Task<?> sibling) implements EndReason {}

    /**
     * A deadline cancelled the task: {@link Spindle#waitFor} timing out on it.
     *
     * @param scope what set the deadline
     * @since 0.1.0
     */
    record DeadlineExceeded(String scope) implements EndReason {}

    /**
     * The scope that owned the task was cancelled: its group's {@link TaskGroup#cancel()}, or its
     * parent was cancelled while waiting for it.
     *
     * @param scope which scope
     * @since 0.1.0
     */
    record ScopeCancelled(String scope) implements EndReason {}

    /**
     * The run's main task ended while this task was still running, so the run cancelled it.
     * @since 0.1.0
     */
    record RunShutdown() implements EndReason {}
}
