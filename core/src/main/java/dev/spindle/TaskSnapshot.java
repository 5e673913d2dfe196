package dev.spindle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One unfinished task as {@link TaskView#snapshot()} saw it, with the unfinished tasks it created or
 * owns as its children. An immutable value, taken without stopping the task, so a best-effort reading:
 * a task may have moved on by the time it is read.
 *
 * @param id the task's {@linkplain Task#id() id}, unique in the process
 * @param name the task's name
 * @param state {@code STARTING} (created, body not started), {@code RUNNING}, {@code CANCELLING} (a
 *     cancellation was requested and the body has not ended yet), or {@code SUCCESS}, {@code FAILED},
 *     {@code CANCELLED} for a task that finished while its completion callbacks still ran
 * @param parentId the id of the task that created it, or {@code null} for a run's main task
 * @param threadId the {@link Thread#threadId() id} of the task's thread (to find it in a JDK thread
 *     dump), or {@code -1} while it has none (not started yet, or ended)
 * @param startedAt when the body started, or {@code null} in a run that does not time its tasks
 *     ({@link Runner#withTaskTiming(boolean)}) or before it started
 * @param age how long the body has run, or {@code null} where {@code startedAt} is
 * @param deadline the deadline that applies to the code the task runs now, or {@code null}
 * @param timeLeft time until {@code deadline} (negative once it has passed), or {@code null}
 * @param waitingOn what the task is blocked on ({@code "Queue 'jobs'"}, {@code "task 'fetch-3'"},
 *     {@code "sleep"}, a {@code toThread} job...), or {@code null} when it is not in a Spindle wait
 * @param children the unfinished tasks below this one, ordered by id
 * @since 0.1.0
 */
public record TaskSnapshot(long id, String name, String state, Long parentId, long threadId, Instant startedAt,
        Duration age, Instant deadline, Duration timeLeft, String waitingOn, List<TaskSnapshot> children) {

    /**
     * Checks the required components and copies {@code children}.
     *
     * @throws NullPointerException if {@code name}, {@code state} or {@code children} is {@code null}
     */
    public TaskSnapshot {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        children = List.copyOf(Objects.requireNonNull(children, "children"));
    }

    /**
     * How many tasks this snapshot holds: this one and all below it.
     *
     * @return at least 1
     */
    public int size() {
        int n = 1;
        for (TaskSnapshot c : children) {
            n += c.size();
        }
        return n;
    }
}
