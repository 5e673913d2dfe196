package dev.spindle.sts;

import dev.spindle.engine.EngineScope;
import java.util.Objects;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.StructuredTaskScope.Joiner;

/**
 * A Spindle scope in which only the opening thread starts tasks (a {@code gather} of bodies): one
 * {@link StructuredTaskScope}, named after the Spindle scope and owned by the opener, which forks every
 * task itself. No forker thread, no hand-off: the cheap case of {@link StsScope}.
 *
 * <p>This class is not thread-safe: {@link #start} and {@link #close} only by the opener, in the
 * {@code ScopedValue} bindings it opened the scope in (as {@code StructuredTaskScope.fork} requires);
 * {@link #openNested} by any thread of the run.
 */
final class OwnerOnlyScope implements EngineScope {

    private final String name;
    private final StructuredTaskScope<Object, Void> scope; // opener only
    private final StsScope.HandOut factory = new StsScope.HandOut(); // opener only
    private boolean closed; // opener only

    private OwnerOnlyScope(String name) {
        this.name = name;
        this.scope = StructuredTaskScope.open(Joiner.awaitAll(), cfg -> cfg.withName(name).withThreadFactory(factory));
    }

    /**
     * Opens a scope named {@code name} owned by the calling thread.
     *
     * @param name the Spindle scope's name
     * @return the scope; the caller must {@link #close} it
     */
    static OwnerOnlyScope open(String name) {
        return new OwnerOnlyScope(Objects.requireNonNull(name, "name"));
    }

    @Override
    public EngineScope openNested(String nestedName) {
        return StsScope.open(nestedName);
    }

    @Override
    public EngineScope openNestedOwnerOnly(String nestedName) {
        return open(nestedName);
    }

    /**
     * Forks {@code task} into the scope on a new virtual thread.
     *
     * @throws WrongThreadException if the calling thread did not open the scope
     * @throws IllegalStateException if the scope is closed
     */
    @Override
    public void start(Runnable task, String threadName) {
        Objects.requireNonNull(task, "task");
        factory.fork(scope, new StsScope.Fork(task, threadName));
    }

    /**
     * Waits for every thread of the scope and closes it; an interrupt does not stop the wait and is kept.
     *
     * @throws WrongThreadException if the calling thread did not open the scope
     */
    @Override
    public void close() {
        if (!closed) {
            StsScope.joinAndClose(scope, false);
            closed = true;
        }
    }

    @Override
    public String toString() {
        return "OwnerOnlyScope[" + name + "]";
    }
}
