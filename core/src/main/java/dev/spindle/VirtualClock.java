package dev.spindle;

import dev.spindle.internal.Blocking;
import dev.spindle.internal.Clocks;
import dev.spindle.internal.Nanos;
import dev.spindle.internal.VirtualTimeline;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Virtual time for one run: every timed wait of Spindle in the run ({@link Spindle#sleep}, {@link Spindle#timeout},
 * {@link Spindle#timeoutAt}, {@link Spindle#waitFor}, {@link Spindle#waitTasks} and {@link Spindle#asCompleted}
 * with a timeout, the {@code Duration} forms of the {@code dev.spindle.sync} primitives) and
 * {@link Spindle#now()} read this clock instead of the system's. Time stands still while any task of the run
 * can run; when every task waits in a Spindle call, an {@link #autoAdvancing() auto-advancing} clock jumps to
 * the earliest instant something is due at and wakes it. A test of "retry three times with 30 s back-off,
 * then give up after 2 minutes" so runs in milliseconds, and the same way every time.
 *
 * <pre>{@code
 * VirtualClock clock = VirtualClock.autoAdvancing();
 * Runner.create().withVirtualTime(clock).run(() -> {
 *     Spindle.sleep(Duration.ofHours(5));          // returns at once
 *     assert clock.elapsed().equals(Duration.ofHours(5));
 * });
 * }</pre>
 *
 * <p><b>What it cannot see.</b> A task blocked outside Spindle (a JDK {@code Thread.sleep}, a socket, JDBC,
 * a JDK lock or queue, {@link Spindle#toThread}) counts as running, so time waits for it; if virtual time has
 * not moved for a wall-clock interval while such a task holds it, the clock reports a {@link Stall} naming
 * the tasks ({@link #withStallReport}). Threads outside the run are not counted: an item a plain thread puts
 * into a queue a task waits on does not hold time back. Metrics, task dumps and the shutdown of the JVM
 * keep measuring real time.
 *
 * <p><b>Order.</b> Tasks due at the same virtual instant wake one at a time, each after the run is idle
 * again: in the order the tasks were created in the run (within one task, in the order its waits and
 * deadlines began), or, {@link #withSeed with a seed}, in a pseudo-random order that the seed fixes. Tasks
 * woken by each other (a put, a release, a task's end) run concurrently as usual.
 *
 * <p><b>Who may call.</b> A clock serves one run: pass it to {@link Runner#withVirtualTime(VirtualClock)}
 * (or let {@link Runner#withVirtualTime()} make one per run). The {@code with...} methods return a new,
 * unstarted clock. The controls ({@link #advanceBy}, {@link #advanceUntilIdle}, {@link #runCurrent}) may be
 * called by a task of the run or by any other thread while the run is going. Thread-safe.
 *
 * @since 0.1.0
 */
public final class VirtualClock {

    private static final System.Logger LOG = System.getLogger("dev.spindle");
    private static final Duration DEFAULT_STALL = Duration.ofSeconds(5);

    private final boolean autoAdvance;
    private final Long seed;
    private final Instant origin;
    private final Duration stallAfter;
    private final Consumer<? super Stall> onStall;
    private final AtomicReference<VirtualTimeline> timeline = new AtomicReference<>();

    private VirtualClock(boolean autoAdvance, Long seed, Instant origin, Duration stallAfter,
            Consumer<? super Stall> onStall) {
        this.autoAdvance = autoAdvance;
        this.seed = seed;
        this.origin = origin;
        this.stallAfter = stallAfter;
        this.onStall = onStall;
    }

    /**
     * A clock that jumps by itself: when no task of the run can run, time moves to the earliest instant
     * something is due at (Trio's {@code MockClock(autojump_threshold=0)}, Kotlin's {@code runTest}).
     *
     * @return a new clock, not started
     * @since 0.1.0
     */
    public static VirtualClock autoAdvancing() {
        return new VirtualClock(true, null, null, DEFAULT_STALL, VirtualClock::log);
    }

    /**
     * A clock that moves only when told: by {@link #advanceBy}, {@link #advanceUntilIdle} or
     * {@link #runCurrent}. A run whose tasks all wait for a time that is never advanced to waits forever
     * (the stall report says so).
     *
     * @return a new clock, not started
     * @since 0.1.0
     */
    public static VirtualClock manual() {
        return new VirtualClock(false, null, null, DEFAULT_STALL, VirtualClock::log);
    }

    /**
     * This clock's settings, with wake-ups due at the same instant ordered pseudo-randomly by
     * {@code seed}: the same seed and the same program give the same order, run after run; another seed
     * tries another order.
     *
     * @param seed the seed
     * @return a new clock, not started
     * @since 0.1.0
     */
    public VirtualClock withSeed(long seed) {
        return new VirtualClock(autoAdvance, seed, origin, stallAfter, onStall);
    }

    /**
     * This clock's settings, starting at {@code origin} instead of the wall-clock instant the run starts at.
     *
     * @param origin the instant virtual time starts at
     * @return a new clock, not started
     * @throws NullPointerException if {@code origin} is {@code null}
     * @since 0.1.0
     */
    public VirtualClock startingAt(Instant origin) {
        return new VirtualClock(autoAdvance, seed, Objects.requireNonNull(origin, "origin"), stallAfter, onStall);
    }

    /**
     * This clock's settings, reporting a {@link Stall} to {@code handler} when virtual time has not moved
     * for {@code after} of wall-clock time while a task holds it (blocked outside Spindle, or busy), or while
     * every task waits and nothing is due. The default reports after 5 s, as a warning of the
     * {@code dev.spindle} logger. The handler runs on a daemon thread of Spindle's, once per stall.
     *
     * @param after the wall-clock time without progress that makes a stall; positive
     * @param handler what receives the report
     * @return a new clock, not started
     * @throws NullPointerException if an argument is {@code null}
     * @throws IllegalArgumentException if {@code after} is zero or negative
     * @since 0.1.0
     */
    public VirtualClock withStallReport(Duration after, Consumer<? super Stall> handler) {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(handler, "handler");
        if (after.isNegative() || after.isZero()) {
            throw new IllegalArgumentException("the stall interval must be positive: " + after);
        }
        return new VirtualClock(autoAdvance, seed, origin, after, handler);
    }

    /**
     * The virtual clock of the calling thread's run, if that run has virtual time.
     *
     * @return the clock, or empty outside a run or in a run on the system clock
     * @since 0.1.0
     */
    public static Optional<VirtualClock> current() {
        VirtualTimeline t = Clocks.current();
        return t == null ? Optional.empty() : Optional.of((VirtualClock) t.owner());
    }

    /**
     * The virtual time now: the origin plus every jump so far.
     *
     * @return the instant
     * @throws IllegalStateException if the clock's run has not started yet
     * @since 0.1.0
     */
    public Instant now() {
        return started().now();
    }

    /**
     * The virtual time that has passed since the run started.
     *
     * @return the duration
     * @throws IllegalStateException if the clock's run has not started yet
     * @since 0.1.0
     */
    public Duration elapsed() {
        return Duration.ofNanos(started().nanoTime());
    }

    /**
     * Lets the run's other tasks run until none can, waking in order everything due up to {@code duration}
     * from now (each after the run is idle again), then sets the time to that instant. Called from a task,
     * that task counts as waiting meanwhile. Unlike Kotlin's {@code advanceTimeBy}, what is due at the new
     * instant itself has been woken too.
     *
     * @param duration how far to move; zero or positive
     * @throws NullPointerException if {@code duration} is {@code null}
     * @throws IllegalArgumentException if {@code duration} is negative
     * @throws IllegalStateException if the run has not started or has ended
     * @throws java.util.concurrent.CancellationException if the calling task is cancelled meanwhile
     * @since 0.1.0
     */
    public void advanceBy(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("virtual time cannot go back: " + duration);
        }
        advance(Nanos.of(duration));
    }

    /**
     * Lets the run's tasks run, and moves time from one due instant to the next, until nothing is due and
     * no task can run; time stays at the last instant woken.
     *
     * @throws IllegalStateException if the run has not started or has ended
     * @throws java.util.concurrent.CancellationException if the calling task is cancelled meanwhile
     * @since 0.1.0
     */
    public void advanceUntilIdle() {
        advance(-1L);
    }

    /**
     * Lets the run's other tasks run until none can, waking what is due at the current instant, without
     * moving time.
     *
     * @throws IllegalStateException if the run has not started or has ended
     * @throws java.util.concurrent.CancellationException if the calling task is cancelled meanwhile
     * @since 0.1.0
     */
    public void runCurrent() {
        advance(0L);
    }

    private void advance(long nanos) {
        VirtualTimeline t = started();
        if (t.ended()) {
            throw new IllegalStateException("the run of this virtual clock ('" + t.runName() + "') has ended");
        }
        try {
            t.advance(nanos);
        } catch (InterruptedException e) {
            throw Blocking.cancelled(e);
        }
    }

    private VirtualTimeline started() {
        VirtualTimeline t = timeline.get();
        if (t == null) {
            throw new IllegalStateException("this virtual clock has not started: pass it to"
                    + " Runner.withVirtualTime(clock) and call run");
        }
        return t;
    }

    /** Binds this clock to the run named {@code runName}; once only. */
    VirtualTimeline start(String runName) {
        VirtualTimeline t = new VirtualTimeline(this, runName, autoAdvance, seed, origin != null ? origin : Instant.now());
        if (!timeline.compareAndSet(null, t)) {
            throw new IllegalStateException("this virtual clock already serves run '" + timeline.get().runName()
                    + "'; a clock serves one run: pass a new one, or use Runner.withVirtualTime(), which makes one per run");
        }
        VirtualTimeWatchdog.watch(t, stallAfter, onStall);
        return t;
    }

    /** A new unstarted clock with these settings. */
    VirtualClock copy() {
        return new VirtualClock(autoAdvance, seed, origin, stallAfter, onStall);
    }

    private static void log(Stall stall) {
        LOG.log(System.Logger.Level.WARNING, stall.message());
    }

    @Override
    public String toString() {
        VirtualTimeline t = timeline.get();
        return "VirtualClock[" + (autoAdvance ? "auto-advancing" : "manual") + (seed == null ? "" : ", seed=" + seed)
                + (t == null ? ", not started" : ", run=" + t.runName() + ", elapsed=" + Duration.ofNanos(t.nanoTime()))
                + "]";
    }

    /**
     * A run whose virtual time has not moved for a while: {@code blockedOutside} names the tasks that
     * hold it (each with its thread's state and top frame); empty if every task waits in a Spindle call
     * and nothing is due (a deadlock, input awaited from outside the run, or a manual clock nobody advances).
     *
     * @param run the run's name
     * @param virtualTime the virtual time that has not moved
     * @param stalledFor the wall-clock time it has not moved for
     * @param blockedOutside the tasks that hold time, with where their threads are
     * @since 0.1.0
     */
    public record Stall(String run, Instant virtualTime, Duration stalledFor, List<String> blockedOutside) {

        /**
         * Checks and copies the components.
         *
         * @throws NullPointerException if an argument is {@code null}
         */
        public Stall {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(virtualTime, "virtualTime");
            Objects.requireNonNull(stalledFor, "stalledFor");
            blockedOutside = List.copyOf(blockedOutside);
        }

        /**
         * The report as one sentence.
         *
         * @return the message
         */
        public String message() {
            String head = "Spindle run '" + run + "': virtual time has stood at " + virtualTime + " for "
                    + stalledFor.toMillis() + " ms of wall-clock time";
            if (blockedOutside.isEmpty()) {
                return head + ", every task waits in a Spindle call and nothing is due (a deadlock, input awaited"
                        + " from outside the run, or a manual clock that nobody advances)";
            }
            return head + " because these tasks are blocked outside Spindle or busy: " + String.join(", ", blockedOutside);
        }
    }
}
