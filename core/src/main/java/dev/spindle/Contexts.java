package dev.spindle;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Applies {@link ContextPropagator}s: combines a run's propagators into one, and wraps a task's body so
 * that it runs inside the context captured where the task was created.
 */
final class Contexts {

    private static final System.Logger LOG = System.getLogger("dev.spindle");
    private static final ContextPropagator.Snapshot NOTHING = () -> () -> {};

    private Contexts() {}

    /** One propagator for the list: {@code null} for none, the propagator itself for one, else a composite. */
    static ContextPropagator combine(List<ContextPropagator> propagators) {
        return switch (propagators.size()) {
            case 0 -> null;
            case 1 -> propagators.get(0);
            default -> new Composite(propagators.toArray(ContextPropagator[]::new));
        };
    }

    /**
     * Captures the calling thread's context with {@code propagator} and returns {@code body} wrapped to
     * restore it; {@code body} itself when {@code propagator} is {@code null}. Creating thread.
     */
    static <T> Callable<T> wrap(ContextPropagator propagator, Callable<T> body) {
        if (propagator == null) {
            return body;
        }
        return new InContext<>(capture(propagator), body);
    }

    private static ContextPropagator.Snapshot capture(ContextPropagator propagator) {
        try {
            ContextPropagator.Snapshot snapshot = propagator.capture();
            if (snapshot == null) {
                throw new NullPointerException("capture() returned null");
            }
            return snapshot;
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "ContextPropagator " + propagator.getClass().getName()
                    + ".capture threw; the task runs without its context", t);
            return NOTHING;
        }
    }

    private static ContextPropagator.Scope restore(ContextPropagator.Snapshot snapshot) {
        ContextPropagator.Scope scope = snapshot.restore();
        if (scope == null) {
            throw new NullPointerException("ContextPropagator.Snapshot " + snapshot.getClass().getName()
                    + ".restore() returned null");
        }
        return scope;
    }

    private static void close(ContextPropagator.Scope scope) {
        try {
            scope.close();
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.WARNING, "ContextPropagator.Scope " + scope.getClass().getName()
                    + ".close threw; the task's outcome is kept", t);
        }
    }

    /** A body that runs inside a captured context. */
    private record InContext<T>(ContextPropagator.Snapshot snapshot, Callable<T> body) implements Callable<T> {
        @Override
        public T call() throws Exception {
            ContextPropagator.Scope scope = restore(snapshot);
            try {
                return body.call();
            } finally {
                close(scope);
            }
        }
    }

    /** Several propagators applied in order and closed in reverse order. */
    private record Composite(ContextPropagator[] propagators) implements ContextPropagator {
        @Override
        public Snapshot capture() {
            Snapshot[] snapshots = new Snapshot[propagators.length];
            for (int i = 0; i < propagators.length; i++) {
                snapshots[i] = Contexts.capture(propagators[i]);
            }
            return () -> {
                Scope[] scopes = new Scope[snapshots.length];
                for (int i = 0; i < snapshots.length; i++) {
                    try {
                        scopes[i] = restore(snapshots[i]);
                    } catch (RuntimeException | Error e) {
                        closeAll(scopes, i);
                        throw e;
                    }
                }
                return () -> closeAll(scopes, scopes.length);
            };
        }

        private static void closeAll(Scope[] scopes, int count) {
            for (int i = count - 1; i >= 0; i--) {
                close(scopes[i]);
            }
        }
    }
}
