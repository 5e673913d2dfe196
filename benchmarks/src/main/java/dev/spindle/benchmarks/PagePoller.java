package dev.spindle.benchmarks;

import dev.spindle.monitor.TaskMonitor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The live page of {@code spindle-monitor} open during a benchmark: a real {@link TaskMonitor} on
 * loopback and a platform thread that fetches its {@code /tasks.json} as the page does, once a second,
 * while {@link #active} is set, and once more at once each time it is set, so that every measured window
 * of an interleaved round holds at least one fetch (a conservative stand-in for a page refreshing once a
 * second: {@code Interleaved}'s windows are shorter than a second).
 */
final class PagePoller {

    private static final Object LOCK = new Object();
    private static TaskMonitor monitor;
    private static volatile boolean active;
    private static volatile long fetches;
    private static volatile long bytes;

    private PagePoller() {}

    /** Runs {@code operation} with the page open and refreshing. */
    static long withPageOpen(Interleaved.Operation operation) throws Exception {
        ensureStarted();
        synchronized (LOCK) {
            active = true;
            LOCK.notifyAll();
        }
        try {
            return operation.run();
        } finally {
            active = false;
        }
    }

    static String summary() {
        return monitor == null ? "page not opened" : fetches + " fetches of /tasks.json, " + bytes / Math.max(1, fetches)
                + " bytes each on average";
    }

    private static synchronized void ensureStarted() {
        if (monitor != null) {
            return;
        }
        monitor = TaskMonitor.start(0);
        URI json = monitor.uri().resolve("/tasks.json");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Thread t = new Thread(() -> {
            HttpRequest request = HttpRequest.newBuilder(json).build();
            for (;;) {
                try {
                    synchronized (LOCK) {
                        while (!active) {
                            LOCK.wait();
                        }
                    }
                    String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                    fetches++;
                    bytes += body.length();
                    synchronized (LOCK) {
                        LOCK.wait(1000); // the page's refresh period; woken early when a new window starts
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    throw new IllegalStateException("the benchmark's page fetch failed", e);
                }
            }
        }, "page-poller");
        t.setDaemon(true);
        t.start();
    }
}
