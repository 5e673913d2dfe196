package dev.spindle.engine;

/**
 * The built-in engine: one virtual thread per task, no JDK scope objects. Runs on every JDK from 21 on.
 *
 * <p>This class is thread-safe and stateless.
 */
public final class PortableEngine implements Engine, EngineScope {

    /** The engine's name, {@value}. */
    public static final String NAME = "portable";

    /** The one instance; it holds no state. */
    public static final PortableEngine INSTANCE = new PortableEngine();

    /**
     * Creates the engine; used by {@link java.util.ServiceLoader}. Prefer {@link #INSTANCE}.
     */
    public PortableEngine() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EngineScope openRun(String name) {
        return this;
    }

    @Override
    public EngineScope openNested(String name) {
        return this;
    }

    @Override
    public void start(Runnable task, String threadName) {
        if (threadName == null) {
            Thread.startVirtualThread(task);
        } else {
            Thread.ofVirtual().name(threadName).start(task);
        }
    }

    @Override
    public void close() {}
}
