package dev.spindle.sync;

/**
 * A {@link Semaphore} that may not be released more often than it was acquired, as asyncio's
 * {@code BoundedSemaphore}: a {@link #release()} that would raise the free permits above the initial
 * value throws {@link IllegalStateException}, which catches releases without a matching acquire.
 *
 * <p>This class is thread-safe.
 * @since 0.1.0
 */
public final class BoundedSemaphore extends Semaphore {

    private final int bound;

    /**
     * Creates a bounded semaphore with {@code value} permits, which is also the most it can ever have.
     *
     * @param value the initial and largest number of permits, zero or more
     * @throws IllegalArgumentException if {@code value} is negative
     * @since 0.1.0
     */
    public BoundedSemaphore(int value) {
        super(value);
        this.bound = value;
    }

    /**
     * Names the semaphore, for task dumps and {@link #toString()}. Meant to be called once, right after
     * construction.
     *
     * @param name the name, not blank
     * @return this semaphore
     * @since 0.1.0
     */
    @Override
    public BoundedSemaphore named(String name) {
        super.named(name);
        return this;
    }

    /**
     * Gives a permit back: the oldest waiter, if any, gets it now.
     *
     * @throws IllegalStateException if every permit is already free (released too many times)
     * @since 0.1.0
     */
    @Override
    public void release() {
        super.release();
    }

    @Override
    void checkRelease(int freePermits) {
        if (freePermits >= bound) {
            throw new IllegalStateException(describe() + " released too many times: all " + bound
                    + " permits are free already; release() needs a matching acquire()");
        }
    }
}
