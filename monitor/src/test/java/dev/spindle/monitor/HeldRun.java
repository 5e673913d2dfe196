package dev.spindle.monitor;

import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.TaskView;
import dev.spindle.sync.Queue;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A run with known tasks, held until {@link #close()}: main waits on {@code fetch-2}; in group
 * {@code quotes} under a 10 min deadline, {@code fetch-1} sleeps, {@code fetch-2} waits on queue
 * {@code jobs}; {@code flaky} failed and {@code victim} was cancelled because of it, before the group.
 */
final class HeldRun implements AutoCloseable {

    final String name;
    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<Void> done;

    HeldRun(String name) {
        this.name = name;
        this.done = CompletableFuture.runAsync(() -> Runner.create().withName(name).withTaskTiming(true).run(() -> {
            try {
                Spindle.taskGroup("batch", g -> {
                    g.createTask("victim", () -> {
                        Spindle.sleep(600_000);
                        return null;
                    });
                    g.createTask("flaky", () -> {
                        throw new IllegalStateException("flaky upstream");
                    });
                    return null;
                });
            } catch (IllegalStateException expected) {
                // flaky's failure, after victim was cancelled: both are now in the ring of ended tasks
            }
            Queue<String> jobs = new Queue<String>().named("jobs");
            Spindle.timeout(Duration.ofMinutes(10), () -> Spindle.taskGroup("quotes", g -> {
                g.createTask("fetch-1", () -> {
                    Spindle.sleep(600_000);
                    return null;
                });
                Task<String> second = g.createTask("fetch-2", () -> jobs.get());
                Spindle.createTask("releaser", () -> {
                    release.await();
                    jobs.put("go");
                    return null;
                });
                second.join();
                g.cancel();
                return null;
            }));
        }));
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> TaskView.snapshot().runs().stream()
                .anyMatch(r -> r.name().equals(name) && r.toString().contains("waitingOn=Queue 'jobs'")
                        && r.toString().contains("waitingOn=sleep")));
    }

    @Override
    public void close() throws Exception {
        release.countDown();
        done.get(60, TimeUnit.SECONDS);
    }
}
