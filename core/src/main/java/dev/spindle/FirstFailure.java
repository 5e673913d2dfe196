package dev.spindle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * The one failure rule of Spindle's structured waits (task groups, {@code gather}): the first failure
 * wins, and its recorder cancels the rest; each later failure is attached to it once, as suppressed, in
 * the order it came. The same exception given twice (a task gathered twice, one exception thrown by two
 * children) counts once.
 *
 * <p>Not thread-safe: a task group records under its own lock, a gather over tasks from its one
 * waiting thread.
 */
final class FirstFailure {

    private Throwable first;
    private List<Throwable> later; // created with the second failure
    private Set<Throwable> seen; // identity, created with the second failure

    /**
     * Records {@code failure}.
     *
     * @return whether it is the first, so that the caller cancels the rest
     */
    boolean record(Throwable failure) {
        if (first == null) {
            first = failure;
            return true;
        }
        if (failure == first) {
            return false;
        }
        if (later == null) {
            later = new ArrayList<>();
            seen = Collections.newSetFromMap(new IdentityHashMap<>());
        }
        if (seen.add(failure)) {
            later.add(failure);
        }
        return false;
    }

    /** Whether a failure has been recorded. */
    boolean any() {
        return first != null;
    }

    /**
     * The first failure, with every later one attached as suppressed; {@code null} if none came. Call it
     * once, when no more failures can come.
     */
    Throwable firstWithLaterSuppressed() {
        if (first != null && later != null) {
            later.forEach(first::addSuppressed);
            later = null;
            seen = null;
        }
        return first;
    }
}
