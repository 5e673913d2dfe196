package dev.spindle;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * The program {@link GracefulShutdownTest} runs in a child JVM and sends SIGTERM: a run with a task
 * that ends on cancellation, one whose {@code finally} block needs a shield and some time, and one that
 * ignores cancellation. Prints {@code READY} once all three wait. Argument: the grace in milliseconds.
 */
public final class ShutdownChild {

    private ShutdownChild() {}

    public static void main(String[] args) {
        GracefulShutdown.installShutdownHook(Duration.ofMillis(Long.parseLong(args[0])));
        Runner.create().withName("orders").withTaskTiming(true).run(() -> {
            Spindle.createTask("polite", () -> {
                try {
                    Spindle.sleep(60_000);
                } finally {
                    say("finally ran: polite");
                }
                return null;
            });
            Spindle.createTask("slow-cleanup", () -> {
                try {
                    Spindle.sleep(60_000);
                } finally {
                    Spindle.shield(() -> {
                        Thread.sleep(300);
                        say("finally ran: slow-cleanup");
                        return null;
                    });
                }
                return null;
            });
            Spindle.createTask("stubborn", () -> {
                while (true) {
                    try {
                        Spindle.sleep(60_000);
                    } catch (CancellationException e) {
                        say("stubborn ignores its cancellation");
                    }
                }
            });
            Spindle.sleep(200); // lets the three reach their sleeps
            say("READY");
            try {
                Spindle.sleep(60_000);
            } finally {
                say("finally ran: main");
            }
        });
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
