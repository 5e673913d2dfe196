package dev.spindle.engine;

/**
 * Runs Spindle's tasks on threads: the seam between the facade and the thread machinery. The portable
 * engine (one virtual thread per task, scopes tracked by Spindle) is built in; {@code spindle-sts}
 * provides one backed by the JDK's {@code StructuredTaskScope}. Engines are found with
 * {@link java.util.ServiceLoader}.
 *
 * <p>Not part of Spindle's API: this package is exported only to Spindle's own modules and may change
 * in any release. Implementations must be thread-safe.
 */
public interface Engine {

    /**
     * The name a {@code Runner} asks for this engine by, such as {@code "portable"} or {@code "sts"}.
     *
     * @return the name
     */
    String name();

    /**
     * Whether this engine can run on this JVM. An engine that cannot is skipped when engines are
     * picked automatically, and asking for it by name fails with this reason.
     *
     * @return {@code null} if usable, otherwise why not (for the log line and the error)
     */
    default String unavailableReason() {
        return null;
    }

    /**
     * How eager the automatic pick is for this engine: the usable engine with the highest priority
     * wins. The portable engine has priority 0.
     *
     * @return the priority
     */
    default int priority() {
        return 0;
    }

    /**
     * Opens the root scope of a run. Called by the thread that calls {@code run}, which later closes it.
     *
     * @param name the run's name
     * @return the scope
     */
    EngineScope openRun(String name);
}
