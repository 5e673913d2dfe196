package dev.spindle;

import dev.spindle.engine.Engine;
import dev.spindle.engine.EngineScope;
import dev.spindle.internal.VirtualTimeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A configured, reusable way to run, as asyncio's {@code Runner}: a name, observers, an engine, a
 * shutdown grace and whether tasks are timed. Immutable: each {@code with*} method returns a new
 * runner. {@link Spindle#run} is {@code Runner.create().run(main)}.
 *
 * <pre>{@code
 * Runner runner = Runner.create().withName("ingest").withObserver(metrics);
 * int n = runner.run(() -> work());
 * }</pre>
 *
 * <p>This class is thread-safe; one runner may run many runs, concurrently, from different threads.
 * @since 0.1.0
 */
public final class Runner {

    private static final AtomicLong RUN_IDS = new AtomicLong();
    private static final CopyOnWriteArrayList<TaskObserver> GLOBAL_OBSERVERS = new CopyOnWriteArrayList<>();
    private static final CopyOnWriteArrayList<ContextPropagator> GLOBAL_PROPAGATORS = new CopyOnWriteArrayList<>();
    /**
     * The system property that turns task timing on for runners that do not say: {@value}.
     * @since 0.1.0
     */
    public static final String TASK_TIMING_PROPERTY = "spindle.taskTiming";

    /**
     * The system property that gives every run whose runner chose no clock an auto-advancing virtual clock
     * of its own: {@code -Dspindle.virtualTime=auto}. Meant for running a test suite of time-dependent code
     * under virtual time without touching it; any other non-blank value is refused when a run starts.
     *
     * @since 0.1.0
     */
    public static final String VIRTUAL_TIME_PROPERTY = "spindle.virtualTime";

    private final String name;
    private final List<TaskObserver> observers;
    private final String engine;
    private final Duration shutdownGrace;
    /** {@code null}: as the system property says when a run starts. */
    private final Boolean taskTiming;
    private final List<ContextPropagator> propagators;
    /** The virtual clock runs use, or {@code null} for the system clock. */
    private final VirtualClock clock;
    /** Whether each run gets a fresh copy of {@link #clock} (it was made by {@link #withVirtualTime()}). */
    private final boolean clockPerRun;

    private Runner(String name, List<TaskObserver> observers, String engine, Duration shutdownGrace,
            Boolean taskTiming, List<ContextPropagator> propagators, VirtualClock clock, boolean clockPerRun) {
        this.clock = clock;
        this.clockPerRun = clockPerRun;
        this.name = name;
        this.observers = observers;
        this.engine = engine;
        this.shutdownGrace = shutdownGrace;
        this.taskTiming = taskTiming;
        this.propagators = propagators;
    }

    /**
     * A runner with default settings: runs named {@code run-N}, no observers but the global ones, the
     * engine picked automatically, no shutdown grace, tasks timed only if an observer needs it or the
     * system property {@value #TASK_TIMING_PROPERTY} is {@code true}.
     *
     * @return the runner
     * @since 0.1.0
     */
    public static Runner create() {
        return new Runner(null, List.of(), null, Duration.ZERO, null, List.of(), null, false);
    }

    /**
     * The same runner with a name for its runs (shown in logs, task dumps and metrics' {@code run} tag)
     * and for each run's main task.
     *
     * @param name the name
     * @return a new runner
     * @throws NullPointerException if {@code name} is {@code null}
     * @since 0.1.0
     */
    public Runner withName(String name) {
        return new Runner(Objects.requireNonNull(name, "name"), observers, engine, shutdownGrace, taskTiming, propagators,
                clock, clockPerRun);
    }

    /**
     * The same runner with one more observer, which sees every task of its runs.
     *
     * @param observer the observer
     * @return a new runner
     * @throws NullPointerException if {@code observer} is {@code null}
     * @since 0.1.0
     */
    public Runner withObserver(TaskObserver observer) {
        Objects.requireNonNull(observer, "observer");
        List<TaskObserver> more = new ArrayList<>(observers);
        more.add(observer);
        return new Runner(name, List.copyOf(more), engine, shutdownGrace, taskTiming, propagators, clock, clockPerRun);
    }

    /**
     * The same runner with an engine asked for by name: {@code "portable"} (built in) or {@code "sts"}
     * (needs {@code spindle-sts} and a JDK it supports). {@code null} takes the engine named by the system
     * property {@code spindle.engine} if it is set, otherwise picks automatically (the STS engine when it
     * can run, else the portable one).
     *
     * @param engineName the engine's name, or {@code null}
     * @return a new runner; an unknown or unusable engine fails when a run starts
     * @since 0.1.0
     */
    public Runner withEngine(String engineName) {
        return new Runner(name, observers, engineName, shutdownGrace, taskTiming, propagators, clock, clockPerRun);
    }

    /**
     * The same runner with a shutdown grace: when the main task ends, tasks still running get this long
     * to finish on their own before they are cancelled. Zero (the default) cancels them at once, as
     * asyncio does. Either way the run waits for every task before it returns.
     *
     * @param grace the grace, zero or positive
     * @return a new runner
     * @throws NullPointerException if {@code grace} is {@code null}
     * @throws IllegalArgumentException if {@code grace} is negative
     * @since 0.1.0
     */
    public Runner withShutdownGrace(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative: " + grace);
        }
        return new Runner(name, observers, engine, grace, taskTiming, propagators, clock, clockPerRun);
    }

    /**
     * The same runner with task timing on or off. A timed task reads the clock as its body starts and as
     * it ends, for {@link Task#startedAt()}, {@link Task#elapsed()} and the run times in
     * {@link Spindle#dump()}; an untimed one reports no start and zero elapsed time. Off by default: the
     * two clock reads are a fifth of what a short task costs, and most programs never ask. A run with an
     * observer (for example Spindle's Micrometer metrics) times its tasks whatever this says, since the
     * observer is handed the times. Left unset, the system property {@value #TASK_TIMING_PROPERTY}
     * decides, read as each run starts, so a service can turn timing on for its dumps without a change.
     *
     * @param on whether to time every task of this runner's runs
     * @return a new runner
     * @since 0.1.0
     */
    public Runner withTaskTiming(boolean on) {
        return new Runner(name, observers, engine, shutdownGrace, on, propagators, clock, clockPerRun);
    }

    /**
     * The same runner with one more context propagator, which carries context from where each task of its
     * runs is created into the task's body (see {@link ContextPropagator}). Applied after the global ones,
     * in the order added.
     *
     * @param propagator the propagator
     * @return a new runner
     * @throws NullPointerException if {@code propagator} is {@code null}
     * @since 0.1.0
     */
    public Runner withContextPropagator(ContextPropagator propagator) {
        Objects.requireNonNull(propagator, "propagator");
        List<ContextPropagator> more = new ArrayList<>(propagators);
        more.add(propagator);
        return new Runner(name, observers, engine, shutdownGrace, taskTiming, List.copyOf(more), clock, clockPerRun);
    }

    /**
     * A runner whose runs use virtual time: a fresh {@link VirtualClock#autoAdvancing() auto-advancing}
     * clock per run. Inside a run, {@link VirtualClock#current()} returns it.
     *
     * @return a new runner
     * @since 0.1.0
     */
    public Runner withVirtualTime() {
        return new Runner(name, observers, engine, shutdownGrace, taskTiming, propagators,
                VirtualClock.autoAdvancing(), true);
    }

    /**
     * A runner whose run uses {@code clock}: hold on to it to read and move the time from outside. A clock
     * serves one run, so such a runner runs once; a second {@code run} throws.
     *
     * @param clock the clock, not yet started
     * @return a new runner
     * @throws NullPointerException if {@code clock} is {@code null}
     * @since 0.1.0
     */
    public Runner withVirtualTime(VirtualClock clock) {
        Objects.requireNonNull(clock, "clock");
        return new Runner(name, observers, engine, shutdownGrace, taskTiming, propagators, clock, false);
    }

    /**
     * Installs a context propagator for every run started afterwards by any runner, until the returned
     * registration is closed: how a framework or an application's start-up code makes its context (MDC,
     * tracing) reach every task with one call. Global propagators apply in installation order, before a
     * runner's own.
     *
     * @param propagator the propagator
     * @return closes the registration (runs already started keep it); closing twice does nothing
     * @throws NullPointerException if {@code propagator} is {@code null}
     * @since 0.1.0
     */
    public static Registration installGlobalContextPropagator(ContextPropagator propagator) {
        return installIn(GLOBAL_PROPAGATORS, Objects.requireNonNull(propagator, "propagator"));
    }

    /**
     * Installs an observer for every run started afterwards by any runner, until the returned
     * registration is closed. Meant for process-wide metrics; prefer {@link #withObserver} where one
     * runner is enough.
     *
     * @param observer the observer
     * @return closes the registration; closing twice does nothing
     * @throws NullPointerException if {@code observer} is {@code null}
     * @since 0.1.0
     */
    public static Registration installGlobalObserver(TaskObserver observer) {
        return installIn(GLOBAL_OBSERVERS, Objects.requireNonNull(observer, "observer"));
    }

    /** Adds {@code item} to a global list; the registration removes it once. */
    private static <E> Registration installIn(CopyOnWriteArrayList<E> global, E item) {
        global.add(item);
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                global.remove(item);
            }
        };
    }

    /**
     * An installed global observer or context propagator; {@link #close()} uninstalls it.
     * @since 0.1.0
     */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        /**
         * Uninstalls the observer or propagator; runs already started keep it. Idempotent.
         * @since 0.1.0
         */
        @Override
        void close();
    }

    /**
     * Runs {@code main} as the root task of a new run on a virtual thread and waits. When it ends, every
     * task still running is cancelled (after the shutdown grace) and awaited; nothing the run started is
     * alive when this returns. Failures nobody retrieved are then logged.
     *
     * @param main the main task's body
     * @param <T> its result type
     * @return main's result
     * @throws NullPointerException if {@code main} is {@code null}
     * @throws IllegalStateException if called from inside a run, if the asked-for engine cannot run, or
     *     while the process is shutting down ({@link GracefulShutdown})
     * @throws java.util.concurrent.CancellationException if the main task was cancelled
     * @throws TaskFailedException if main threw a checked exception (it is the cause)
     * @throws RuntimeException main's own unchecked exception, the same object
     * @since 0.1.0
     */
    public <T> T run(Callable<T> main) {
        Objects.requireNonNull(main, "main");
        TaskImpl<?> current = TaskImpl.current();
        if (current != null) {
            throw new IllegalStateException("Spindle.run cannot be called from inside a run (task '" + current.name()
                    + "' is running): start more work with Spindle.createTask or Spindle.taskGroup instead");
        }
        GracefulShutdown.ensureAcceptingRuns();
        Engine selected = Engines.select(engine);
        List<TaskObserver> all = new ArrayList<>(GLOBAL_OBSERVERS);
        all.addAll(observers);
        String runName = name != null ? name : "run-" + RUN_IDS.incrementAndGet();
        boolean timed = taskTiming != null ? taskTiming : Boolean.getBoolean(TASK_TIMING_PROPERTY);
        List<ContextPropagator> contexts = new ArrayList<>(GLOBAL_PROPAGATORS);
        contexts.addAll(propagators);
        VirtualClock chosen = clock != null ? (clockPerRun ? clock.copy() : clock) : clockFromProperty();
        VirtualTimeline virtual = chosen == null ? null : chosen.start(runName);
        EngineScope scope;
        try {
            scope = selected.openRun(runName);
        } catch (RuntimeException | Error e) {
            if (virtual != null) {
                virtual.end();
            }
            throw e;
        }
        RunScope run = new RunScope(runName, Observers.combine(all), timed, scope, shutdownGrace,
                Contexts.combine(contexts), virtual);
        return run.runMain(name, main); // a named runner's main task bears its name; else Task-<id>
    }

    /**
     * Runs {@code main} as {@link #run(Callable)} does, for a body with no result.
     *
     * @param main the main task's body
     * @throws NullPointerException if {@code main} is {@code null}
     * @throws IllegalStateException if called from inside a run
     * @throws java.util.concurrent.CancellationException if the main task was cancelled
     * @throws TaskFailedException if main threw a checked exception
     * @since 0.1.0
     */
    public void run(ThrowingRunnable main) {
        Objects.requireNonNull(main, "main");
        run(() -> {
            main.run();
            return null;
        });
    }

    private static VirtualClock clockFromProperty() {
        String value = System.getProperty(VIRTUAL_TIME_PROPERTY);
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.strip().equals("auto")) {
            throw new IllegalStateException("-D" + VIRTUAL_TIME_PROPERTY + "=" + value
                    + " is not understood: the only value is 'auto' (or leave it unset for the system clock)");
        }
        return VirtualClock.autoAdvancing();
    }

    @Override
    public String toString() {
        return "Runner[name=" + name + ", engine=" + (engine == null ? "auto" : engine) + ", observers="
                + observers.size() + ", shutdownGrace=" + shutdownGrace + ", taskTiming="
                + (taskTiming == null ? "property" : taskTiming) + ", contextPropagators=" + propagators.size()
                + (clock == null ? "" : ", virtualTime=" + (clockPerRun ? "per run" : clock)) + "]";
    }
}
