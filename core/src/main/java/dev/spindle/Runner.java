package dev.spindle;

import dev.spindle.engine.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A configured, reusable way to run, as asyncio's {@code Runner}: a name, observers, an engine and a
 * shutdown grace. Immutable: each {@code with*} method returns a new runner. {@link Spindle#run} is
 * {@code Runner.create().run(main)}.
 *
 * <pre>{@code
 * Runner runner = Runner.create().withName("ingest").withObserver(metrics);
 * int n = runner.run(() -> work());
 * }</pre>
 *
 * <p>This class is thread-safe; one runner may run many runs, concurrently, from different threads.
 */
public final class Runner {

    private static final AtomicLong RUN_IDS = new AtomicLong();
    private static final CopyOnWriteArrayList<TaskObserver> GLOBAL_OBSERVERS = new CopyOnWriteArrayList<>();

    private final String name;
    private final List<TaskObserver> observers;
    private final String engine;
    private final Duration shutdownGrace;

    private Runner(String name, List<TaskObserver> observers, String engine, Duration shutdownGrace) {
        this.name = name;
        this.observers = observers;
        this.engine = engine;
        this.shutdownGrace = shutdownGrace;
    }

    /**
     * A runner with default settings: runs named {@code run-N}, no observers but the global ones, the
     * engine picked automatically, no shutdown grace.
     *
     * @return the runner
     */
    public static Runner create() {
        return new Runner(null, List.of(), null, Duration.ZERO);
    }

    /**
     * The same runner with a name for its runs (shown in logs and task dumps).
     *
     * @param name the name
     * @return a new runner
     * @throws NullPointerException if {@code name} is {@code null}
     */
    public Runner withName(String name) {
        return new Runner(Objects.requireNonNull(name, "name"), observers, engine, shutdownGrace);
    }

    /**
     * The same runner with one more observer, which sees every task of its runs.
     *
     * @param observer the observer
     * @return a new runner
     * @throws NullPointerException if {@code observer} is {@code null}
     */
    public Runner withObserver(TaskObserver observer) {
        Objects.requireNonNull(observer, "observer");
        List<TaskObserver> more = new ArrayList<>(observers);
        more.add(observer);
        return new Runner(name, List.copyOf(more), engine, shutdownGrace);
    }

    /**
     * The same runner with an engine asked for by name: {@code "portable"} (built in) or {@code "sts"}
     * (needs {@code spindle-sts} and a JDK it supports). {@code null} takes the engine named by the system
     * property {@code spindle.engine} if it is set, otherwise picks automatically (the STS engine when it
     * can run, else the portable one).
     *
     * @param engineName the engine's name, or {@code null}
     * @return a new runner; an unknown or unusable engine fails when a run starts
     */
    public Runner withEngine(String engineName) {
        return new Runner(name, observers, engineName, shutdownGrace);
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
     */
    public Runner withShutdownGrace(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("shutdown grace must not be negative: " + grace);
        }
        return new Runner(name, observers, engine, grace);
    }

    /**
     * Installs an observer for every run started afterwards by any runner, until the returned
     * registration is closed. Meant for process-wide metrics; prefer {@link #withObserver} where one
     * runner is enough.
     *
     * @param observer the observer
     * @return closes the registration; closing twice does nothing
     * @throws NullPointerException if {@code observer} is {@code null}
     */
    public static Registration installGlobalObserver(TaskObserver observer) {
        Objects.requireNonNull(observer, "observer");
        GLOBAL_OBSERVERS.add(observer);
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                GLOBAL_OBSERVERS.remove(observer);
            }
        };
    }

    /** An installed global observer; {@link #close()} uninstalls it. */
    @FunctionalInterface
    public interface Registration extends AutoCloseable {
        /** Uninstalls the observer; runs already started keep it. Idempotent. */
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
     * @throws IllegalStateException if called from inside a run, or if the asked-for engine cannot run
     * @throws java.util.concurrent.CancellationException if the main task was cancelled
     * @throws TaskFailedException if main threw a checked exception (it is the cause)
     * @throws RuntimeException main's own unchecked exception, the same object
     */
    public <T> T run(Callable<T> main) {
        Objects.requireNonNull(main, "main");
        TaskImpl<?> current = TaskImpl.current();
        if (current != null) {
            throw new IllegalStateException("Spindle.run cannot be called from inside a run (task '" + current.name()
                    + "' is running): start more work with Spindle.createTask or Spindle.taskGroup instead");
        }
        Engine selected = Engines.select(engine);
        List<TaskObserver> all = new ArrayList<>(GLOBAL_OBSERVERS);
        all.addAll(observers);
        String runName = name != null ? name : "run-" + RUN_IDS.incrementAndGet();
        RunScope run = new RunScope(runName, Observers.combine(all), selected.openRun(runName), shutdownGrace);
        return run.runMain(main);
    }

    /**
     * Runs {@code main} as {@link #run(Callable)} does, for a body with no result.
     *
     * @param main the main task's body
     * @throws NullPointerException if {@code main} is {@code null}
     * @throws IllegalStateException if called from inside a run
     * @throws java.util.concurrent.CancellationException if the main task was cancelled
     * @throws TaskFailedException if main threw a checked exception
     */
    public void run(ThrowingRunnable main) {
        Objects.requireNonNull(main, "main");
        run(() -> {
            main.run();
            return null;
        });
    }

    @Override
    public String toString() {
        return "Runner[name=" + name + ", engine=" + (engine == null ? "auto" : engine) + ", observers="
                + observers.size() + ", shutdownGrace=" + shutdownGrace + "]";
    }
}
