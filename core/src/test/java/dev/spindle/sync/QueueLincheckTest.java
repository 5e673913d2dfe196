package dev.spindle.sync;

import dev.spindle.DeadlineExceededException;
import java.time.Duration;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Lincheck checks that {@link Queue} of capacity 2 is linearizable: every concurrent history of its
 * non-blocking calls ({@code putNowait}, {@code getNowait}, {@code put}/{@code get} with a zero timeout,
 * {@code qsize}, {@code taskDone}, {@code join} with a zero timeout, both shutdowns) equals some
 * sequential run of the same calls. The model checker explores the thread interleavings at every shared
 * memory access and lock operation; the stress strategy runs the scenarios on real threads. Blocking
 * calls are checked by {@link QueueBlockingLincheckTest}.
 */
@Tag("lincheck")
@Param(name = "item", gen = IntGen.class, conf = "1:3")
public class QueueLincheckTest {

    private static final Duration WAIT = Duration.ZERO;

    private final Queue<Integer> q = new Queue<>(2);

    @Operation
    public String putNowait(@Param(name = "item") int item) {
        try {
            q.putNowait(item);
            return "ok";
        } catch (QueueFullException e) {
            return "full";
        } catch (QueueShutDownException e) {
            return "shut down";
        }
    }

    @Operation
    public String put(@Param(name = "item") int item) {
        try {
            return q.put(item, WAIT) ? "ok" : "timeout";
        } catch (QueueShutDownException e) {
            return "shut down";
        }
    }

    @Operation
    public Object getNowait() {
        try {
            return q.getNowait();
        } catch (QueueEmptyException e) {
            return "empty";
        } catch (QueueShutDownException e) {
            return "shut down";
        }
    }

    @Operation
    public Object get() {
        try {
            return q.get(WAIT);
        } catch (DeadlineExceededException e) {
            return "timeout";
        } catch (QueueShutDownException e) {
            return "shut down";
        }
    }

    @Operation
    public int qsize() {
        return q.qsize();
    }

    @Operation
    public String taskDone() {
        try {
            q.taskDone();
            return "ok";
        } catch (IllegalStateException e) {
            return "too many";
        }
    }

    @Operation
    public boolean allDone() {
        return q.join(Duration.ZERO);
    }

    @Operation
    public void shutdown() {
        q.shutdown();
    }

    @Operation
    public void shutdownImmediately() {
        q.shutdown(true);
    }

    @Test
    void modelChecking() {
        LinChecker.check(QueueLincheckTest.class, LincheckConfig.modelChecking());
    }

    @Test
    void stress() {
        LinChecker.check(QueueLincheckTest.class, LincheckConfig.stress());
    }
}
