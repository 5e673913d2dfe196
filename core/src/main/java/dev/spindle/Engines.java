package dev.spindle;

import dev.spindle.engine.Engine;
import dev.spindle.engine.PortableEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the engines on the class or module path ({@link ServiceLoader}) once, and picks one per run.
 */
final class Engines {

    private static final System.Logger LOG = System.getLogger("dev.spindle");

    private Engines() {}

    private static final class Loaded {
        static final List<Engine> ALL = load();

        private static List<Engine> load() {
            List<Engine> engines = new ArrayList<>();
            engines.add(PortableEngine.INSTANCE);
            ServiceLoader<Engine> loader = ServiceLoader.load(Engine.class, Engines.class.getClassLoader());
            for (ServiceLoader.Provider<Engine> provider : loader.stream().toList()) {
                try {
                    Engine e = provider.get();
                    if (!e.name().equals(PortableEngine.NAME)) {
                        engines.add(e);
                    }
                } catch (Throwable t) { // a provider that cannot even load (wrong JDK, no preview) is skipped
                    LOG.log(System.Logger.Level.DEBUG, "Spindle engine provider " + provider.type().getName()
                            + " cannot load: " + t);
                }
            }
            return List.copyOf(engines);
        }
    }

    /**
     * The engine named {@code name}, or the best usable one when {@code name} is {@code null}.
     *
     * @throws IllegalStateException if the named engine is missing or cannot run here
     */
    static Engine select(String name) {
        if (name != null) {
            for (Engine e : Loaded.ALL) {
                if (e.name().equals(name)) {
                    String why = e.unavailableReason();
                    if (why != null) {
                        throw new IllegalStateException("Spindle engine '" + name + "' cannot run here: " + why);
                    }
                    return e;
                }
            }
            throw new IllegalStateException("No Spindle engine named '" + name + "'; available: "
                    + Loaded.ALL.stream().map(Engine::name).toList()
                    + " (the 'sts' engine needs spindle-sts on the path)");
        }
        Engine best = PortableEngine.INSTANCE;
        StringBuilder why = new StringBuilder();
        for (Engine e : Loaded.ALL) {
            String reason = e.unavailableReason();
            if (reason != null) {
                why.append("; ").append(e.name()).append(" unavailable: ").append(reason);
            } else if (e.priority() > best.priority()) {
                best = e;
            }
        }
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "Spindle uses the '" + best.name() + "' engine" + why);
        }
        return best;
    }
}
