package dev.spindle.internal;

/**
 * Run once per process, on a daemon platform thread of its own started when the process's first
 * Spindle run starts (so that the run does not wait for it): how {@code spindle-monitor} registers its JMX bean (and starts its page when asked by a
 * system property) with no code from the user. Found with {@link java.util.ServiceLoader}. Not part of
 * the API: this package is exported to Spindle's own modules only.
 */
public interface FirstRunHook {

    /** Does the hook's work; must return quickly and not start a run. A throw is logged and ignored. */
    void firstRunStarted();
}
