package dev.spindle.tool;

import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.TaskView;
import dev.spindle.monitor.TasksJmx;
import dev.spindle.sync.Queue;

/**
 * The child JVM of {@link SpindleToolTest}: a run named {@code child-run} whose task {@code crawl-1}
 * sleeps and {@code crawl-2} waits on queue {@code links}; prints {@code READY} when they are up and the
 * JMX bean is registered, and
 * ends when its standard input closes.
 */
public final class ChildWithTasks {

    private ChildWithTasks() {}

    public static void main(String[] args) {
        Runner.create().withName("child-run").withTaskTiming(true).run(() -> {
            Queue<String> links = new Queue<String>().named("links");
            Spindle.createTask("crawl-1", () -> {
                Spindle.sleep(600_000);
                return null;
            });
            Spindle.createTask("crawl-2", () -> links.get());
            // the JMX bean is registered by a first-run hook on a thread of its own: wait for it too
            while (!TaskView.snapshot().toText().contains("waiting on Queue 'links'") || !TasksJmx.isRegistered()) {
                Spindle.sleep(10);
            }
            System.out.println("READY");
            System.out.flush();
            Spindle.toThread(() -> System.in.readAllBytes()); // until the test closes our standard input
        });
    }
}
