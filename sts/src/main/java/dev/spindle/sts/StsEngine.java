package dev.spindle.sts;

import dev.spindle.engine.Engine;
import dev.spindle.engine.EngineScope;

/**
 * The engine that runs Spindle's scopes on {@code java.util.concurrent.StructuredTaskScope}, found by
 * {@link java.util.ServiceLoader} under the name {@value #NAME}. It is picked automatically (its priority
 * beats the portable engine's) when it can run: on JDK {@value #JDK} with preview features enabled.
 *
 * <p>This class itself uses no preview API, so it loads on any JDK from 25 on, with or without
 * {@code --enable-preview}, and {@link #unavailableReason()} says why the engine cannot run instead of
 * failing; the classes that touch the preview API are loaded only once that check has passed.
 *
 * <p>This class is thread-safe and stateless.
 */
public final class StsEngine implements Engine {

    /** The engine's name, {@value}. */
    public static final String NAME = "sts";

    /** The only JDK feature release this engine runs on: the one whose preview API it was compiled against. */
    static final int JDK = 25;

    /** Higher than the portable engine's 0: when both can run, this one is picked. */
    static final int PRIORITY = 10;

    private static final String BRIDGE = "dev.spindle.sts.StsScope";

    /** Computed once, on first use: whether this JVM can run the engine. */
    private static final class Availability {
        static final String REASON = unavailableReason(Runtime.version().feature(), StsEngine.class.getClassLoader());
    }

    /** Creates the engine; called by {@link java.util.ServiceLoader}. */
    public StsEngine() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    /**
     * Why the engine cannot run here: another JDK than {@value #JDK}, or preview features not enabled;
     * {@code null} if it can.
     */
    @Override
    public String unavailableReason() {
        return Availability.REASON;
    }

    /**
     * Opens a run's scope on the calling thread.
     *
     * @throws IllegalStateException if the engine cannot run here ({@link #unavailableReason()})
     */
    @Override
    public EngineScope openRun(String name) {
        String why = unavailableReason();
        if (why != null) {
            throw new IllegalStateException("Spindle engine '" + NAME + "' cannot run here: " + why);
        }
        return StsScope.open(name);
    }

    /**
     * Decides availability for JDK feature release {@code feature}: the right JDK, and the preview-marked
     * bridge class loadable from {@code loader} (the JVM refuses it with
     * {@link UnsupportedClassVersionError} when preview features are off).
     */
    static String unavailableReason(int feature, ClassLoader loader) {
        if (feature != JDK) {
            return "spindle-sts is built against JDK " + JDK + "'s preview StructuredTaskScope (JEP 505), and this"
                    + " JVM is JDK " + feature + ", where that preview API " + (feature < JDK ? "does not exist yet"
                    : "has changed or become final") + "; use the spindle-sts release built for JDK " + feature;
        }
        try {
            Class.forName(BRIDGE, false, loader);
            return null;
        } catch (UnsupportedClassVersionError e) {
            return "preview features are not enabled: start the JVM with --enable-preview (" + e.getMessage() + ")";
        } catch (ClassNotFoundException | LinkageError e) {
            return "its StructuredTaskScope bridge does not load: " + e;
        }
    }

    @Override
    public String toString() {
        return "StsEngine[" + NAME + "]";
    }
}
