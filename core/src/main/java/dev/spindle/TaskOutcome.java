package dev.spindle;

/**
 * How a finished task ended, in the low-cardinality form that metrics use.
 * @since 0.1.0
 */
public enum TaskOutcome {
    /** The body returned a value. */
    SUCCESS,
    /** The body threw an exception other than a cancellation or a timeout. */
    FAILURE,
    /** The task was cancelled and its body let the cancellation out. */
    CANCELLED,
    /** A deadline ended the task: it was cancelled by one, or it threw {@link DeadlineExceededException}. */
    TIMEOUT;

    /**
     * Classifies an end reason.
     *
     * @param reason how the task ended
     * @return its outcome
     */
    static TaskOutcome of(EndReason reason) {
        return switch (reason) {
            case EndReason.Returned r -> SUCCESS;
            case EndReason.Failed f -> f.failure() instanceof DeadlineExceededException ? TIMEOUT : FAILURE;
            case EndReason.DeadlineExceeded d -> TIMEOUT;
            case EndReason.Cancelled c -> CANCELLED;
            case EndReason.SiblingFailed s -> CANCELLED;
            case EndReason.ScopeCancelled s -> CANCELLED;
            case EndReason.RunShutdown s -> CANCELLED;
        };
    }
}
