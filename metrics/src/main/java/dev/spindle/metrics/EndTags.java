package dev.spindle.metrics;

import dev.spindle.EndReason;
import dev.spindle.TaskOutcome;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The {@code reason} and {@code cause} tags of a finished task, from its {@link EndReason}.
 *
 * <p>{@code reason} (bounded: {@value #EXPLICIT}, {@value #SIBLING_FAILURE}, {@value #SCOPE},
 * {@value #RUN_SHUTDOWN}, {@value #DEADLINE}, or {@value SpindleMetrics#NONE}) says why a task was
 * cancelled or timed out.
 *
 * <p>{@code cause} ({@value #OWN}, {@value #CHILD}, or {@value SpindleMetrics#NONE} when the task did
 * not end by throwing) says whether a task's failure started there or came up from below: a group or
 * gather rethrows its first child's failure, and {@code join} rethrows the joined task's, as the same
 * object (a checked one wrapped, so it is the cause). A failure is {@value #CHILD} when it, or an
 * exception in its cause chain, is the failure of a task recorded before; the child finishes (and is
 * recorded) before anyone can rethrow what it threw, so each failure is counted as {@value #OWN} once,
 * where it started. Failures are remembered by identity, weakly, so remembering them keeps nothing
 * alive.
 *
 * <p>Thread-safe; {@link #cause} takes a lock, but only failed tasks call it.
 */
final class EndTags {

    static final String EXPLICIT = "explicit";
    static final String SIBLING_FAILURE = "sibling_failure";
    static final String SCOPE = "scope";
    static final String RUN_SHUTDOWN = "run_shutdown";
    static final String DEADLINE = "deadline";
    static final String OWN = "own";
    static final String CHILD = "child";

    /** How far down a cause chain a child's failure is looked for. */
    private static final int CAUSE_DEPTH = 8;

    // guarded by itself; Throwable keeps Object's identity equals and hashCode
    private final Map<Throwable, Boolean> seen = new WeakHashMap<>();

    /** The {@code reason} tag of a task that ended with {@code outcome} for {@code why}. */
    static String reason(TaskOutcome outcome, EndReason why) {
        if (outcome == TaskOutcome.TIMEOUT) {
            return DEADLINE;
        }
        if (outcome != TaskOutcome.CANCELLED) {
            return SpindleMetrics.NONE;
        }
        return switch (why) {
            case EndReason.SiblingFailed s -> SIBLING_FAILURE;
            case EndReason.ScopeCancelled s -> SCOPE;
            case EndReason.RunShutdown r -> RUN_SHUTDOWN;
            case EndReason.DeadlineExceeded d -> DEADLINE;
            case EndReason.Cancelled c -> EXPLICIT;
            case EndReason.Returned r -> SpindleMetrics.NONE;
            case EndReason.Failed f -> SpindleMetrics.NONE;
        };
    }

    /**
     * The {@code cause} tag of a task that threw {@code failure}: {@value #CHILD} if it or its cause chain
     * holds a failure recorded before, else {@value #OWN}. Remembers {@code failure} either way, so a task
     * that rethrows it is {@value #CHILD}.
     */
    String cause(Throwable failure) {
        synchronized (seen) {
            boolean fromBelow = false;
            Throwable t = failure;
            for (int depth = 0; t != null && depth < CAUSE_DEPTH && !fromBelow; depth++) {
                fromBelow = seen.containsKey(t);
                t = t.getCause() == t ? null : t.getCause();
            }
            seen.put(failure, Boolean.TRUE);
            return fromBelow ? CHILD : OWN;
        }
    }
}
