package dev.spindle.sync;

import java.time.Duration;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that {@link Semaphore} and {@link BoundedSemaphore} stay linearizable when acquires
 * block: an acquire bounded by 1 ms parks and is handed a permit by a release in another thread, or times
 * out as one arrives. Stress strategy only, for the reason given in {@link QueueBlockingLincheckTest}.
 */
@Tag("lincheck")
public class SemaphoreBlockingLincheckTest {

    private static final Duration WAIT = Duration.ofMillis(1);

    private final Semaphore sem = new Semaphore(1);
    private final BoundedSemaphore bounded = new BoundedSemaphore(2);

    @Operation
    public boolean tryAcquire() {
        return sem.acquire(Duration.ZERO);
    }

    @Operation
    public boolean acquire() {
        return sem.acquire(WAIT);
    }

    @Operation
    public void release() {
        sem.release();
    }

    @Operation
    public boolean isLocked() {
        return sem.isLocked();
    }

    @Operation
    public boolean boundedAcquire() {
        return bounded.acquire(WAIT);
    }

    @Operation
    public String boundedRelease() {
        try {
            bounded.release();
            return "ok";
        } catch (IllegalStateException e) {
            return "too many";
        }
    }

    @Test
    void stress() {
        LinChecker.check(SemaphoreBlockingLincheckTest.class, LincheckConfig.stress());
    }
}
