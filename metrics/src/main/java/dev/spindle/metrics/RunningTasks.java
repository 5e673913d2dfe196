package dev.spindle.metrics;

/**
 * Where the scrape-time gauges ({@code <prefix>.task.active}, {@code <prefix>.task.oldest}) find the
 * tasks whose body is running now. The one seam between the metrics and the source of live tasks.
 */
interface RunningTasks {

    /**
     * Calls {@code visitor} once for each task whose body is running now. A best-effort snapshot: a task
     * that starts or ends meanwhile may be missed or still be seen. Any thread; must not stop the tasks.
     *
     * @param visitor receives each running task
     */
    void forEachRunning(Visitor visitor);

    /** Receives one running task. */
    @FunctionalInterface
    interface Visitor {
        /**
         * One running task.
         *
         * @param runName the name of its run ({@code Task.runName()})
         * @param taskName its name
         * @param runningNanos how long its body has been running
         */
        void running(String runName, String taskName, long runningNanos);
    }
}
