package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What {@link Task#cancel()} returns. Regression: it used to re-read the state after interrupting the
 * task, so a body that reacted at once (swallowed the cancellation and returned) on another carrier
 * made {@code cancel()} report {@code false} for the very request that ended it.
 */
class TaskCancelResultTest {

    private static final Duration LONG = Duration.ofSeconds(10);

    @Test
    @DisplayName("cancel() returns true whenever it finds the task running, even if the body reacts and finishes before cancel() returns")
    void cancelReturnsTrueEvenIfTheTaskFinishesBeforeItReturns() {
        List<Boolean> results = Spindle.run(() -> {
            List<Boolean> out = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                AtomicReference<Thread> victim = new AtomicReference<>();
                Task<String> c = Spindle.createTask(() -> {
                    try {
                        victim.set(Thread.currentThread());
                        Spindle.sleep(LONG);
                        return "finished";
                    } catch (CancellationException e) {
                        return "ignored";
                    }
                });
                while (victim.get() == null || victim.get().getState() != Thread.State.TIMED_WAITING) {
                    Thread.onSpinWait(); // until the body is parked in sleep, so that it wakes on another carrier
                }
                out.add(c.cancel());
                c.join();
            }
            return out;
        });
        assertThat(results).hasSize(300).containsOnly(true);
    }

}
