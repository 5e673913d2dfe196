package dev.spindle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One live run as {@link TaskView#snapshot()} saw it: its unfinished tasks as a forest whose first root
 * is normally the run's main task. An immutable value.
 *
 * @param id the run's number in this process (1 for the first run started), unique in the process
 * @param name the run's name ({@link Runner#withName(String)}, or {@code run-N})
 * @param startedAt when the run started
 * @param age how long it has been running
 * @param timed whether the run times its tasks (if not, its tasks have no {@code startedAt} and {@code age})
 * @param tasks the root tasks of the run's unfinished tasks, ordered by id
 * @param omittedTasks how many unfinished tasks the snapshot left out because of its limit
 *     ({@link TaskView#snapshot(int)}); they are the ones that would have come last, by depth and id
 * @since 0.1.0
 */
public record RunSnapshot(long id, String name, Instant startedAt, Duration age, boolean timed,
        List<TaskSnapshot> tasks, int omittedTasks) {

    /**
     * Checks the components and copies {@code tasks}.
     *
     * @throws NullPointerException if any component is {@code null}
     * @throws IllegalArgumentException if {@code omittedTasks} is negative
     */
    public RunSnapshot {
        if (omittedTasks < 0) {
            throw new IllegalArgumentException("omittedTasks must not be negative: " + omittedTasks);
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(age, "age");
        tasks = List.copyOf(Objects.requireNonNull(tasks, "tasks"));
    }

    /**
     * How many unfinished tasks the snapshot of this run holds (not counting {@link #omittedTasks()}).
     *
     * @return the number of tasks in {@link #tasks()} and below
     */
    public int taskCount() {
        int n = 0;
        for (TaskSnapshot t : tasks) {
            n += t.size();
        }
        return n;
    }
}
