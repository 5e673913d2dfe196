package dev.spindle.examples;

import dev.spindle.DeadlineExceededException;
import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/**
 * A client that retries a flaky call with exponential back-off: after a failure it waits 30 s, then 60 s,
 * then 120 s, for at most three retries, and the caller bounds the whole with {@link Spindle#timeout}. Its
 * waits are {@link Spindle#sleep}, it stamps each attempt with {@link Spindle#now()}, and a cancellation
 * (the caller's deadline) ends it at once instead of being retried. So, under virtual time, a test of minutes
 * or hours of back-off runs in milliseconds (see {@code RetryWithBackoffTest}), and {@link #main} does too:
 *
 * <pre>
 * A service that fails twice:
 *   attempt 1 at 00:00:00: failed (service unavailable)
 *   attempt 2 at 00:00:30: failed (service unavailable)
 *   attempt 3 at 00:01:30: ok
 * A service that stays down, under a 2-minute timeout:
 *   attempt 1 at 00:00:00: failed (service unavailable)
 *   attempt 2 at 00:00:30: failed (service unavailable)
 *   attempt 3 at 00:01:30: failed (service unavailable)
 *   gave up at 00:02:00: DeadlineExceededException
 * </pre>
 *
 * <p>Not thread-safe: one client serves one caller at a time.
 */
public final class RetryWithBackoff {

    /** One call of the flaky operation: when it began, and what it failed with ({@code null}: it succeeded). */
    public record Attempt(int number, Instant at, Exception failure) {}

    private final int retries;
    private final Duration firstBackOff;
    private final List<Attempt> attempts = new ArrayList<>();

    /**
     * A client.
     *
     * @param retries how many times a failed call is tried again; zero or more
     * @param firstBackOff the wait before the first retry; each later wait is twice the one before
     */
    public RetryWithBackoff(int retries, Duration firstBackOff) {
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
        this.retries = retries;
        this.firstBackOff = Objects.requireNonNull(firstBackOff, "firstBackOff");
    }

    /**
     * Calls {@code operation} until it succeeds, waiting between attempts, at most {@code retries + 1} times.
     * Must be called in a Spindle task (it sleeps with {@link Spindle#sleep}).
     *
     * @param operation the flaky call
     * @param <T> its result type
     * @return the first successful result
     * @throws Exception the last attempt's failure, with the earlier ones suppressed
     * @throws CancellationException if the calling task is cancelled (for example by its deadline): never retried
     */
    public <T> T call(Callable<T> operation) throws Exception {
        Duration backOff = firstBackOff;
        List<Exception> failures = new ArrayList<>();
        for (int attempt = 1;; attempt++) {
            Instant at = Spindle.now();
            try {
                T result = operation.call();
                attempts.add(new Attempt(attempt, at, null));
                return result;
            } catch (CancellationException e) {
                throw e; // the caller gave up: not the operation's failure
            } catch (Exception e) {
                attempts.add(new Attempt(attempt, at, e));
                if (attempt > retries) {
                    failures.forEach(e::addSuppressed);
                    throw e;
                }
                failures.add(e);
            }
            Spindle.sleep(backOff);
            backOff = backOff.multipliedBy(2);
        }
    }

    /**
     * The attempts made so far, in order.
     *
     * @return a copy
     */
    public List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    /**
     * A stand-in for a remote service that is down until {@code upAt}: a call before then fails with an
     * {@link IOException}. Reads the run's clock, {@link Spindle#now()}.
     *
     * @param upAt when the service comes back
     * @return the call
     */
    public static Callable<String> serviceDownUntil(Instant upAt) {
        return () -> {
            if (Spindle.now().isBefore(upAt)) {
                throw new IOException("service unavailable");
            }
            return "ok";
        };
    }

    /**
     * Shows two clients, one after the other, in a run with virtual time: one whose service comes back after
     * 80 s, one whose service stays down and whose caller gives up after 2 minutes. Each prints its attempts'
     * virtual times since it began. Three and a half virtual minutes take well under a second.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Runner runner = Runner.create().withName("retries").withVirtualTime(VirtualClock.autoAdvancing().startingAt(start));
        runner.run(() -> {
            System.out.println("A service that fails twice:");
            RetryWithBackoff client = new RetryWithBackoff(3, Duration.ofSeconds(30));
            client.call(serviceDownUntil(start.plusSeconds(80)));
            print(client.attempts(), start);

            System.out.println("A service that stays down, under a 2-minute timeout:");
            Instant begun = Spindle.now();
            RetryWithBackoff hopeless = new RetryWithBackoff(3, Duration.ofSeconds(30));
            try {
                Spindle.timeout(Duration.ofMinutes(2), () -> hopeless.call(serviceDownUntil(Instant.MAX)));
            } catch (DeadlineExceededException e) {
                print(hopeless.attempts(), begun);
                System.out.println("  gave up at " + clockTime(Spindle.now(), begun) + ": " + e.getClass().getSimpleName());
            }
        });
    }

    private static void print(List<Attempt> attempts, Instant start) {
        for (Attempt a : attempts) {
            System.out.println("  attempt " + a.number() + " at " + clockTime(a.at(), start) + ": "
                    + (a.failure() == null ? "ok" : "failed (" + a.failure().getMessage() + ")"));
        }
    }

    /** {@code hh:mm:ss} since {@code start}. */
    static String clockTime(Instant at, Instant start) {
        Duration d = Duration.between(start, at);
        return String.format(Locale.ROOT, "%02d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart());
    }
}
