package dev.spindle;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Every live run of the process with its task tree, and the runs and tasks that ended recently: what
 * {@link TaskView#snapshot()} returns. An immutable value; {@link #toJson()} and {@link #toText()}
 * render it.
 *
 * @param time when the snapshot was taken
 * @param pid the process id
 * @param runs the live runs, ordered by id (oldest first)
 * @param ended recently ended runs and tasks, most recent first, at most
 *     {@link TaskView#endedCapacity()} of them
 * @since 0.1.0
 */
public record ProcessSnapshot(Instant time, long pid, List<RunSnapshot> runs, List<EndedSnapshot> ended) {

    /**
     * The version of the JSON shape {@link #toJson()} writes, as its {@code "schema"} member:
     * {@value}. Its JSON Schema is {@code docs/schema/spindle-tasks-1.schema.json} in Spindle's sources.
     */
    public static final String JSON_SCHEMA = "spindle-tasks/1";

    /**
     * Checks the components and copies the lists.
     *
     * @throws NullPointerException if any component is {@code null}
     */
    public ProcessSnapshot {
        Objects.requireNonNull(time, "time");
        runs = List.copyOf(Objects.requireNonNull(runs, "runs"));
        ended = List.copyOf(Objects.requireNonNull(ended, "ended"));
    }

    /**
     * How many unfinished tasks the snapshot holds, over all runs.
     *
     * @return the count
     */
    public int taskCount() {
        int n = 0;
        for (RunSnapshot r : runs) {
            n += r.taskCount();
        }
        return n;
    }

    /**
     * The snapshot as JSON, in the versioned shape named by {@link #JSON_SCHEMA}: an object with
     * {@code schema}, {@code time}, {@code pid}, {@code runs} (each with its {@code tasks} tree) and
     * {@code ended}. Durations are whole milliseconds ({@code ageMillis}, {@code timeLeftMillis},
     * {@code ranMillis}), instants ISO-8601 strings; absent values are left out.
     *
     * @return the JSON text, on one line
     */
    public String toJson() {
        return SnapshotFormat.json(this);
    }

    /**
     * The snapshot as indented text for people, one line per task, as {@code spindle pstree} prints it.
     *
     * @return the text, ending with a line break
     */
    public String toText() {
        return SnapshotFormat.text(this);
    }

    /**
     * The snapshot as a flat table for people, one row per task with its run, id, parent, name, state,
     * thread, age and time left in milliseconds and what it waits on, as {@code spindle ps} prints it;
     * the recently ended runs and tasks follow.
     *
     * @return the text, ending with a line break
     */
    public String toTable() {
        return SnapshotFormat.table(this);
    }
}
