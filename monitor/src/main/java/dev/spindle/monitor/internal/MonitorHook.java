package dev.spindle.monitor.internal;

import dev.spindle.internal.FirstRunHook;
import dev.spindle.monitor.TaskMonitor;
import dev.spindle.monitor.TasksJmx;

/**
 * Run by Spindle's core when the process's first run starts (found with {@link java.util.ServiceLoader}):
 * registers the JMX bean and, when {@code -Dspindle.monitor.port} is set, starts the web page. Not part
 * of the API.
 */
public final class MonitorHook implements FirstRunHook {

    /** The page started by the system properties, kept for the life of the process. */
    private static volatile TaskMonitor fromProperties;

    /** For {@link java.util.ServiceLoader}. */
    public MonitorHook() {}

    @Override
    public void firstRunStarted() {
        TasksJmx.register();
        fromProperties = TaskMonitor.startFromSystemProperties().orElse(null);
    }
}
