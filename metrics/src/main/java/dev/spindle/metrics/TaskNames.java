package dev.spindle.metrics;

import dev.spindle.Task;

/**
 * Turns task and run names into tag values: a trailing {@code -<digits>} is removed, so that
 * {@code fetch-1}, {@code fetch-2}... are one series, Spindle's default task names {@code Task-<id>}
 * become {@value SpindleMetrics#DEFAULT_TASK_NAME} and its default run names {@code run-<n>} become
 * {@value SpindleMetrics#DEFAULT_RUN_NAME}.
 */
final class TaskNames {

    private static final String DEFAULT_TASK_PREFIX = "Task-";
    private static final String DEFAULT_RUN_PREFIX = "run-";

    private TaskNames() {}

    /** The {@code name} tag value of a task; an unnamed task's without building its name. */
    static String tagValue(Task<?> task) {
        return task.hasDefaultName() ? SpindleMetrics.DEFAULT_TASK_NAME : tagValue(task.name());
    }

    /**
     * The tag value for a task or run name. Allocates only when a suffix is cut from a name that is not
     * a default name.
     */
    static String tagValue(String name) {
        int cut = suffixStart(name);
        if (cut < 0) {
            return name;
        }
        if (cut == DEFAULT_TASK_PREFIX.length() - 1 && name.startsWith(DEFAULT_TASK_PREFIX)) {
            return SpindleMetrics.DEFAULT_TASK_NAME;
        }
        if (cut == DEFAULT_RUN_PREFIX.length() - 1 && name.startsWith(DEFAULT_RUN_PREFIX)) {
            return SpindleMetrics.DEFAULT_RUN_NAME;
        }
        return cut == 0 ? name : name.substring(0, cut);
    }

    /** Index of the {@code -} that starts a trailing {@code -<digits>}, or -1 if there is none. */
    private static int suffixStart(String name) {
        int i = name.length() - 1;
        while (i >= 0 && isAsciiDigit(name.charAt(i))) {
            i--;
        }
        if (i == name.length() - 1 || i < 0 || name.charAt(i) != '-') {
            return -1;
        }
        return i;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
