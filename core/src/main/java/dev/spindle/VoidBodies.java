package dev.spindle;

import java.util.Objects;
import java.util.concurrent.Callable;

/** Adapts a {@link ThrowingRunnable} to the {@link Callable} that tasks run: the void task-starting forms. */
final class VoidBodies {

    private VoidBodies() {}

    /**
     * The body as a callable that returns {@code null}; what it throws passes through unchanged.
     *
     * @throws NullPointerException if {@code body} is {@code null}
     */
    static Callable<Void> of(ThrowingRunnable body) {
        Objects.requireNonNull(body, "body");
        return () -> {
            body.run();
            return null;
        };
    }
}
