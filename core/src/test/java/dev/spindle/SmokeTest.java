package dev.spindle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SmokeTest {

    @Test
    void runReturnsMainResult() {
        assertThat(Spindle.run(() -> 42)).isEqualTo(42);
    }

    @Test
    void gatherReturnsInArgumentOrder() {
        List<String> r = Spindle.run(() -> Spindle.gather(() -> { Spindle.sleep(30); return "slow"; },
                () -> { Spindle.sleep(10); return "fast"; }));
        assertThat(r).containsExactly("slow", "fast");
    }

    @Test
    void timeoutFires() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Spindle.run(() -> Spindle.timeout(Duration.ofMillis(50), () -> { Spindle.sleep(5000); return 1; })))
                .isInstanceOf(DeadlineExceededException.class).hasCauseInstanceOf(CancellationException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void groupFailFast() {
        List<String> events = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> Spindle.run(() -> Spindle.taskGroup(g -> {
            g.createTask(() -> { try { Spindle.sleep(5000); } catch (CancellationException e) { events.add("slow cancelled"); throw e; } return 1; });
            g.createTask(() -> { Spindle.sleep(20); throw new IllegalArgumentException("boom"); });
            Spindle.sleep(5000);
            return 0;
        }))).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
        assertThat(events).containsExactly("slow cancelled");
    }

    @Test
    void leftoverTasksAreCancelledAtRunEnd() {
        List<Thread> threads = new CopyOnWriteArrayList<>();
        int r = Spindle.run(() -> {
            for (int i = 0; i < 10; i++) {
                Spindle.createTask(() -> { threads.add(Thread.currentThread()); Spindle.sleep(10_000); return null; });
            }
            Spindle.sleep(20);
            return 7;
        });
        assertThat(r).isEqualTo(7);
        assertThat(threads).hasSize(10).noneMatch(Thread::isAlive);
    }
}
