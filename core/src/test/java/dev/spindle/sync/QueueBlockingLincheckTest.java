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
 * Lincheck checks that {@link Queue} of capacity 2 stays linearizable when calls block: blocking puts
 * and gets bounded by a 1 ms timeout (so that every scenario ends) park, are handed an item or a slot by
 * another thread, or time out at the moment they are handed one, mixed with the non-blocking calls,
 * {@code taskDone} and both shutdowns. Stress strategy only: Lincheck's model checker treats a timed park
 * as a park forever (it reports "all unfinished threads are in deadlock"), so blocking calls are checked
 * on real threads; {@link QueueLincheckTest} model-checks the non-blocking calls.
 */
@Tag("lincheck")
@Param(name = "item", gen = IntGen.class, conf = "1:3")
public class QueueBlockingLincheckTest {

    private static final Duration WAIT = Duration.ofMillis(1);

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
    void stress() {
        LinChecker.check(QueueBlockingLincheckTest.class, LincheckConfig.stress());
    }
}
