package dev.spindle.context;

import dev.spindle.ContextPropagator;
import dev.spindle.Runner;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshot;
import io.micrometer.context.ContextSnapshotFactory;
import io.micrometer.context.ThreadLocalAccessor;
import io.micrometer.context.integration.Slf4jThreadLocalAccessor;
import java.util.Objects;

/**
 * A {@link ContextPropagator} built on Micrometer's {@code io.micrometer:context-propagation}: each task
 * gets a {@link ContextSnapshot} of every {@link ThreadLocalAccessor} in a {@link ContextRegistry}, taken
 * where the task is created, set around its body and undone after. The accessors are the ecosystem's:
 * Micrometer Observation registers its own (and with it the current span of Micrometer Tracing), SLF4J's
 * MDC is registered by {@link #install()}, and an application adds its own with
 * {@link ContextRegistry#registerThreadLocalAccessor}. One line at start-up makes them reach every task:
 *
 * <pre>{@code
 * MicrometerContextPropagator.install();   // MDC, the current observation and trace, your accessors
 * MDC.put("req", "r-42");
 * Spindle.run(() -> Spindle.gather(() -> fetch("a"), () -> fetch("b")));   // both log req=r-42
 * }</pre>
 *
 * <p>The snapshots this class takes clear, in the task, every accessor that had no value where the task
 * was created ({@code clearMissing}), so a {@code toThread} worker that ran another job before starts each
 * job with only its caller's context; closing a snapshot's scope puts back what the thread held before.
 *
 * <p>This class is thread-safe and immutable.
 *
 * @since 0.1.0
 */
public final class MicrometerContextPropagator implements ContextPropagator {

    private static final boolean SLF4J_PRESENT = isPresent("org.slf4j.MDC");

    private final ContextSnapshotFactory factory;

    private MicrometerContextPropagator(ContextSnapshotFactory factory) {
        this.factory = factory;
    }

    /**
     * A propagator over the process-wide {@link ContextRegistry#getInstance()}, clearing in a task what its
     * creator did not have. It uses the accessors the registry holds when each task is created; unlike
     * {@link #install()} it registers none.
     *
     * @return the propagator
     */
    public static MicrometerContextPropagator create() {
        return of(ContextSnapshotFactory.builder().contextRegistry(ContextRegistry.getInstance()).clearMissing(true)
                .build());
    }

    /**
     * A propagator taking its snapshots from {@code factory}: for a framework that already configures one
     * (its own registry, a key filter, whether missing values are cleared).
     *
     * @param factory the snapshot factory
     * @return the propagator
     * @throws NullPointerException if {@code factory} is {@code null}
     */
    public static MicrometerContextPropagator of(ContextSnapshotFactory factory) {
        return new MicrometerContextPropagator(Objects.requireNonNull(factory, "factory"));
    }

    /**
     * The one line: registers SLF4J's MDC with the process-wide {@link ContextRegistry} (when SLF4J is on
     * the class path; see {@link #registerSlf4jMdc}) and installs {@link #create()} for every run started
     * afterwards, with {@link Runner#installGlobalContextPropagator}. Call it once, at start-up.
     *
     * @return closes the installation (runs already started keep it); the MDC accessor stays registered
     */
    public static Runner.Registration install() {
        registerSlf4jMdc(ContextRegistry.getInstance());
        return Runner.installGlobalContextPropagator(create());
    }

    /**
     * Registers context-propagation's whole-MDC accessor ({@link Slf4jThreadLocalAccessor}) with
     * {@code registry}, unless an accessor under its key is registered already or SLF4J is not on the
     * class path. Safe to call more than once, from any thread.
     *
     * @param registry the registry
     * @return whether an accessor was registered by this call
     * @throws NullPointerException if {@code registry} is {@code null}
     */
    public static boolean registerSlf4jMdc(ContextRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        if (!SLF4J_PRESENT) {
            return false;
        }
        synchronized (MicrometerContextPropagator.class) {
            for (ThreadLocalAccessor<?> accessor : registry.getThreadLocalAccessors()) {
                if (Slf4jThreadLocalAccessor.KEY.equals(accessor.key())) {
                    return false;
                }
            }
            registry.registerThreadLocalAccessor(new Slf4jThreadLocalAccessor());
            return true;
        }
    }

    /**
     * Takes a snapshot of the calling thread's registered thread-local values.
     *
     * @return restores the snapshot on the task's thread
     */
    @Override
    public Snapshot capture() {
        ContextSnapshot snapshot = factory.captureAll();
        return () -> snapshot.setThreadLocals()::close;
    }

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, MicrometerContextPropagator.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "MicrometerContextPropagator[" + factory + "]";
    }
}
