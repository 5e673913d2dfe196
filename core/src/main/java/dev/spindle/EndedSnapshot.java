package dev.spindle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A run or task that ended recently, from the process's bounded ring of them (see {@link TaskView}). An
 * immutable value.
 *
 * @param kind {@code "run"} for a run (its outcome is its main task's), {@code "task"} for a task
 * @param run the name of the run it belonged to (for a run: its own name)
 * @param id the task's id (for a run: its main task's)
 * @param name the task's name (for a run: its own name)
 * @param outcome {@code SUCCESS}, {@code FAILED} or {@code CANCELLED}
 * @param reasons why it ended, as a cause chain read outward: the first entry is the task's own
 *     {@link Task#endReason()}, each next one explains the one before (for example
 *     {@code ["cancelled because sibling 'fetch-3' failed", "failed: java.io.IOException: reset"]})
 * @param ranFor how long it ran: a run's whole time, or a task's body run time in a timed run;
 *     {@code null} for a task of an untimed run
 * @param endedAt when it ended (the wall clock, to the millisecond)
 * @param cancelledAtShutdown for a run, how many of its tasks were still running when its main task
 *     ended and were cancelled by its shutdown (as asyncio does, but counted here and logged at DEBUG
 *     on the logger {@code dev.spindle}); 0 for a task
 * @since 0.1.0
 */
public record EndedSnapshot(String kind, String run, long id, String name, String outcome, List<String> reasons,
        Duration ranFor, Instant endedAt, int cancelledAtShutdown) {

    /**
     * Checks the required components and copies {@code reasons}.
     *
     * @throws NullPointerException if a component other than {@code ranFor} is {@code null}
     * @throws IllegalArgumentException if {@code cancelledAtShutdown} is negative
     */
    public EndedSnapshot {
        if (cancelledAtShutdown < 0) {
            throw new IllegalArgumentException("cancelledAtShutdown must not be negative: " + cancelledAtShutdown);
        }
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
        Objects.requireNonNull(endedAt, "endedAt");
    }
}
