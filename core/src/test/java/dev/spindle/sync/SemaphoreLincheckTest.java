package dev.spindle.sync;

import java.time.Duration;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that {@link Semaphore} (one permit, extra releases allowed) and
 * {@link BoundedSemaphore} (two permits, over-release refused) are linearizable under model checking
 * and stress: non-blocking acquires, releases, over-releases and {@code isLocked}. Blocking acquires are
 * checked by {@link SemaphoreBlockingLincheckTest}.
 */
@Tag("lincheck")
public class SemaphoreLincheckTest {

    private static final Duration WAIT = Duration.ZERO;

    private final Semaphore sem = new Semaphore(1);
    private final BoundedSemaphore bounded = new BoundedSemaphore(2);

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
    void modelChecking() {
        LinChecker.check(SemaphoreLincheckTest.class, LincheckConfig.modelChecking());
    }

    @Test
    void stress() {
        LinChecker.check(SemaphoreLincheckTest.class, LincheckConfig.stress());
    }
}
