package dev.spindle.spring.boot.autoconfigure;

import dev.spindle.GracefulShutdown;
import dev.spindle.ShutdownReport;
import java.time.Duration;
import java.util.Objects;
import org.springframework.context.SmartLifecycle;

/**
 * Spindle's graceful shutdown bound to the application context's life cycle: when the context stops
 * (on SIGTERM, Spring Boot's own shutdown hook closes it), {@link GracefulShutdown#shutdown(Duration)}
 * refuses new runs, cancels every live run's main task, waits up to the grace for their {@code finally}
 * blocks and shields, interrupts what is left and logs one report. Starting the context again lets runs
 * start again.
 *
 * <p>Its phase, {@link #PHASE}, is below that of the web server's graceful shutdown
 * ({@code SmartLifecycle.DEFAULT_PHASE - 1024}) and above the web server's stop
 * ({@code DEFAULT_PHASE - 2048}): requests in flight are drained first, then the runs that outlive a
 * request are cancelled, while the beans they use still exist.
 *
 * <p>This class is thread-safe.
 *
 * @since 0.1.0
 */
public final class SpindleShutdownLifecycle implements SmartLifecycle {

    /** The phase: after the web server's graceful shutdown, before it stops. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

    private final Duration grace;
    private volatile boolean running;
    private volatile ShutdownReport lastReport;

    /**
     * Creates the life cycle.
     *
     * @param grace how long to wait for the runs to end when the context stops
     * @throws NullPointerException if {@code grace} is {@code null}
     * @throws IllegalArgumentException if {@code grace} is negative
     */
    public SpindleShutdownLifecycle(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        this.grace = grace;
    }

    /**
     * The grace the shutdown waits: {@code spindle.shutdown.grace}, at most the shutdown phase's timeout.
     *
     * @param configured {@code spindle.shutdown.grace}, or {@code null}
     * @param phaseTimeout {@code spring.lifecycle.timeout-per-shutdown-phase}
     * @return the grace
     */
    static Duration grace(Duration configured, Duration phaseTimeout) {
        if (configured == null || configured.compareTo(phaseTimeout) > 0) {
            return phaseTimeout;
        }
        return configured;
    }

    /**
     * The grace this life cycle waits.
     *
     * @return the grace
     */
    public Duration grace() {
        return grace;
    }

    /**
     * The report of the last stop, or {@code null} before the first.
     *
     * @return the report
     */
    public ShutdownReport lastReport() {
        return lastReport;
    }

    @Override
    public void start() {
        GracefulShutdown.acceptRuns();
        running = true;
    }

    @Override
    public void stop() {
        try {
            lastReport = GracefulShutdown.shutdown(grace);
        } finally {
            running = false;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
