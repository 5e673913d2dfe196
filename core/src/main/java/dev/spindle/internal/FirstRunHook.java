package dev.spindle.internal;

/**
 * Run once per process, on the thread that starts the process's first Spindle run, before that run's
 * main task: how {@code spindle-monitor} registers its JMX bean (and starts its page when asked by a
 * system property) with no code from the user. Found with {@link java.util.ServiceLoader}. Not part of
 * the API: this package is exported to Spindle's own modules only.
 */
public interface FirstRunHook {

    /** Does the hook's work; must return quickly and not start a run. A throw is logged and ignored. */
    void firstRunStarted();
}
