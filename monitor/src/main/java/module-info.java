/**
 * See Spindle's tasks live: {@link dev.spindle.monitor.TasksJmx} (the platform MBean
 * {@code dev.spindle:type=Tasks}, registered when the process's first run starts) and
 * {@link dev.spindle.monitor.TaskMonitor} (an opt-in, read-only web page with {@code /tasks.json}, on the
 * JDK's {@code HttpServer}). Both read {@link dev.spindle.TaskView}.
 */
module dev.spindle.monitor {
    requires transitive dev.spindle.core;
    requires transitive java.management;
    requires jdk.httpserver;

    exports dev.spindle.monitor;

    provides dev.spindle.internal.FirstRunHook with dev.spindle.monitor.internal.MonitorHook;
}
