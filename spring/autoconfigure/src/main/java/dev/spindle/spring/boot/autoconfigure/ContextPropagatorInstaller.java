package dev.spindle.spring.boot.autoconfigure;

import dev.spindle.ContextPropagator;
import dev.spindle.Runner;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Holds the global installations ({@link Runner#installGlobalContextPropagator}) of an application
 * context's {@link ContextPropagator} beans and removes them when the context closes, so a context
 * started twice in one JVM (tests) does not apply its propagators twice.
 *
 * <p>This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class ContextPropagatorInstaller implements AutoCloseable {

    private final List<ContextPropagator> propagators;
    private final List<Runner.Registration> registrations;

    private ContextPropagatorInstaller(List<ContextPropagator> propagators, List<Runner.Registration> registrations) {
        this.propagators = propagators;
        this.registrations = registrations;
    }

    /**
     * Installs each propagator for every run started from now on, in order.
     *
     * @param propagators the propagators
     * @return the installer, which {@link #close()} undoes
     * @throws NullPointerException if {@code propagators} or an element is {@code null}
     */
    public static ContextPropagatorInstaller install(List<ContextPropagator> propagators) {
        List<ContextPropagator> copy = List.copyOf(Objects.requireNonNull(propagators, "propagators"));
        List<Runner.Registration> registrations = new ArrayList<>();
        for (ContextPropagator p : copy) {
            registrations.add(Runner.installGlobalContextPropagator(p));
        }
        return new ContextPropagatorInstaller(copy, List.copyOf(registrations));
    }

    /**
     * The installed propagators, in installation order.
     *
     * @return the propagators
     */
    public List<ContextPropagator> propagators() {
        return propagators;
    }

    /** Uninstalls the propagators; runs already started keep them. Idempotent. */
    @Override
    public void close() {
        for (Runner.Registration r : registrations) {
            r.close();
        }
    }
}
