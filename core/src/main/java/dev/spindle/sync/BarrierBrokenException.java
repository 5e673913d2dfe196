package dev.spindle.sync;

/**
 * Thrown by {@link Barrier#await()} when the barrier is broken: it was {@link Barrier#abort() aborted},
 * or {@link Barrier#reset() reset} while the call waited (asyncio's {@code BrokenBarrierError}).
 * Unchecked, unlike the JDK's {@link java.util.concurrent.BrokenBarrierException}.
 * @since 0.1.0
 */
public final class BarrierBrokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which barrier and why
     * @since 0.1.0
     */
    public BarrierBrokenException(String message) {
        super(message);
    }
}
