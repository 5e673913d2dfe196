package dev.spindle;

import dev.spindle.engine.Engine;
import dev.spindle.engine.PortableEngine;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the engines on the class or module path ({@link ServiceLoader}) once, and picks one per run.
 *
 * <p>A runner that names no engine gets the one named by the system property {@value #ENGINE_PROPERTY}
 * when it is set (as if the runner had named it: an unknown or unusable name fails the run), otherwise
 * the usable engine with the highest priority. A provider that cannot even be loaded (a class file for
 * a newer JDK, or one compiled with preview features the JVM has not enabled) is skipped with one DEBUG
 * line and named in the error when that engine is asked for.
 */
final class Engines {

    /** The system property that names the engine of runners that name none, e.g. {@code -Dspindle.engine=sts}. */
    static final String ENGINE_PROPERTY = "spindle.engine";

    private static final System.Logger LOG = System.getLogger("dev.spindle");

    private Engines() {}

    /** The engines that loaded, and what was said about the providers that did not. */
    record Found(List<Engine> engines, List<String> failures) {}

    private static final class Loaded {
        static final Found FOUND = load(Engines.class.getClassLoader());
    }

    /**
     * Loads every provider {@code loader} sees. Never throws: a provider that cannot be loaded or
     * instantiated is logged at DEBUG and recorded in {@link Found#failures()}.
     */
    static Found load(ClassLoader loader) {
        List<Engine> engines = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        engines.add(PortableEngine.INSTANCE);
        // Iterated by hand: on the class path the iterator itself loads each class, and a class file
        // this JVM rejects surfaces as a ServiceConfigurationError from hasNext/next, not from get().
        Iterator<ServiceLoader.Provider<Engine>> it = ServiceLoader.load(Engine.class, loader).stream().iterator();
        for (;;) {
            String what = "an engine provider";
            try {
                if (!it.hasNext()) {
                    break;
                }
                ServiceLoader.Provider<Engine> provider = it.next();
                what = provider.type().getName();
                Engine e = provider.get();
                if (!e.name().equals(PortableEngine.NAME)) {
                    engines.add(e);
                }
            } catch (ServiceConfigurationError | LinkageError e) { // wrong JDK, preview off, missing class
                String failure = what + " cannot load: " + e + (e.getCause() == null ? "" : " (" + e.getCause() + ")");
                failures.add(failure);
                LOG.log(System.Logger.Level.DEBUG, "Spindle engine " + failure);
            }
        }
        return new Found(List.copyOf(engines), List.copyOf(failures));
    }

    /**
     * The engine named {@code name}, else the one the {@value #ENGINE_PROPERTY} property names, else the
     * best usable one.
     *
     * @throws IllegalStateException if the named engine is missing or cannot run here
     */
    static Engine select(String name) {
        return select(name, System.getProperty(ENGINE_PROPERTY), Loaded.FOUND);
    }

    static Engine select(String name, String defaultName, Found found) {
        if (name == null && defaultName != null && !defaultName.isBlank()) {
            return named(defaultName.strip(), found, " (named by -D" + ENGINE_PROPERTY + ")");
        }
        if (name != null) {
            return named(name, found, "");
        }
        Engine best = PortableEngine.INSTANCE;
        StringBuilder why = new StringBuilder();
        for (Engine e : found.engines()) {
            String reason = e.unavailableReason();
            if (reason != null) {
                why.append("; ").append(e.name()).append(" unavailable: ").append(reason);
            } else if (e.priority() > best.priority()) {
                best = e;
            }
        }
        for (String failure : found.failures()) {
            why.append("; ").append(failure);
        }
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "Spindle uses the '" + best.name() + "' engine" + why);
        }
        return best;
    }

    private static Engine named(String name, Found found, String source) {
        for (Engine e : found.engines()) {
            if (e.name().equals(name)) {
                String why = e.unavailableReason();
                if (why != null) {
                    throw new IllegalStateException("Spindle engine '" + name + "'" + source + " cannot run here: " + why);
                }
                return e;
            }
        }
        throw new IllegalStateException("No Spindle engine named '" + name + "'" + source + "; available: "
                + found.engines().stream().map(Engine::name).toList()
                + (found.failures().isEmpty() ? " (the 'sts' engine needs spindle-sts on the path)"
                        : "; providers that did not load: " + found.failures()));
    }
}
