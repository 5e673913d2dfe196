package dev.spindle.monitor;

/**
 * The JMX view of Spindle's tasks, registered as {@code dev.spindle:type=Tasks} in the platform MBean
 * server: counts as attributes, and operations that return the {@linkplain dev.spindle.TaskView
 * process-wide view} as text or JSON. Read-only. Every call takes a fresh snapshot; the implementation
 * is thread-safe.
 *
 * @since 0.1.0
 */
public interface TasksMXBean {

    /**
     * How many runs are live.
     *
     * @return the count
     */
    int getLiveRuns();

    /**
     * How many unfinished tasks the live runs have.
     *
     * @return the count
     */
    int getLiveTasks();

    /**
     * How many recently ended runs and tasks the process keeps ({@code -Dspindle.endedCapacity}).
     *
     * @return the ring's size
     */
    int getEndedCapacity();

    /**
     * How many recently ended runs and tasks are in the ring now.
     *
     * @return at most {@link #getEndedCapacity()}
     */
    int getRecentlyEnded();

    /**
     * The view as a tree, one line per task, as {@code spindle pstree} prints it.
     *
     * @return {@link dev.spindle.ProcessSnapshot#toText()}
     */
    String tasksText();

    /**
     * The view as a flat table, one row per task, as {@code spindle ps} prints it.
     *
     * @return {@link dev.spindle.ProcessSnapshot#toTable()}
     */
    String tasksTable();

    /**
     * The view as JSON in the versioned shape {@code spindle-tasks/1}.
     *
     * @return {@link dev.spindle.ProcessSnapshot#toJson()}
     */
    String tasksJson();
}
