package dev.spindle.metrics;

import dev.spindle.EndReason;
import dev.spindle.Runner;
import dev.spindle.Task;
import dev.spindle.TaskObserver;
import dev.spindle.TaskOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Records every Spindle task in Micrometer: a {@link MeterBinder} that is also the
 * {@link TaskObserver} feeding its meters.
 *
 * <pre>{@code
 * try (SpindleMetrics metrics = SpindleMetrics.installGlobally(registry, SpindleMetricsConfig.defaults())) {
 *     ... every run started now is measured ...
 * }
 * // or, for one runner:
 * SpindleMetrics metrics = new SpindleMetrics();
 * metrics.bindTo(registry);
 * Runner runner = Runner.create().withName("checkout").withObserver(metrics);
 * }</pre>
 *
 * <p>Meters (with the default prefix {@code spindle}; every one has a description and a base unit, and
 * carries the configured common tags):
 * <ul>
 *   <li>{@code spindle.task} — Timer: run time of each finished task, from its body starting to its
 *       end. Tags:
 *       <ul>
 *         <li>{@code run} — the name of the task's run ({@link Task#runName()}: the {@link Runner}'s name)
 *             with a trailing {@code -<digits>} removed, so the default names {@code run-<n>} are
 *             {@value #DEFAULT_RUN_NAME};</li>
 *         <li>{@code name} — the task's name, cut the same way, so {@code fetch-7} is {@code fetch} and
 *             Spindle's default names {@code Task-<id>} are {@value #DEFAULT_TASK_NAME} (a named runner's
 *             main task bears the run's name);</li>
 *         <li>{@code outcome} — {@code success}, {@code failure}, {@code cancelled} or {@code timeout}
 *             ({@link TaskOutcome});</li>
 *         <li>{@code exception} — the simple class name of what the body threw when the task ended by
 *             throwing (outcome {@code failure}, or {@code timeout} by a {@code DeadlineExceededException}),
 *             otherwise {@value #NONE};</li>
 *         <li>{@code cause} — for a task that ended by throwing, {@code own} when the failure started in
 *             its body, {@code child} when it came up from a task below (a group's, a gather's or a
 *             joined task's failure, rethrown, wrapped or not); otherwise {@value #NONE}. Each failure is
 *             {@code own} once, where it started, so {@code outcome="failure",cause="own"} counts
 *             failures once however far they propagate;</li>
 *         <li>{@code reason} — why a task was cancelled: {@code explicit} ({@link Task#cancel()}),
 *             {@code sibling_failure}, {@code scope} (its group was cancelled, or its parent while
 *             waiting for it), {@code run_shutdown}; {@code deadline} for every {@code timeout};
 *             otherwise {@value #NONE}.</li>
 *       </ul>
 *       A task cancelled before its body ran is recorded with zero run time.</li>
 *   <li>{@code spindle.task.active} — Gauge, base unit {@code tasks}, tags {@code run} and {@code name}:
 *       tasks whose body is running now.</li>
 *   <li>{@code spindle.task.oldest} — TimeGauge, tags {@code run} and {@code name}: how long the oldest
 *       of them has been running; 0 when none is.</li>
 *   <li>{@code spindle.task.scheduling} — Timer: from a task's creation to its body starting (the
 *       virtual-thread scheduler's delay), recorded for a sample of the tasks: those whose
 *       {@link Task#id()} is a multiple of {@link SpindleMetricsConfig#schedulingSampling()} (one in
 *       {@value SpindleMetricsConfig#DEFAULT_SCHEDULING_SAMPLING} by default; 1 records every task). Its
 *       count is the number of sampled tasks; its mean and buckets describe all tasks as a sample does,
 *       its maximum is the sample's.</li>
 *   <li>{@code spindle.failures.unretrieved} — Counter, base unit {@code tasks}: tasks that failed
 *       without anyone retrieving the failure before their run ended.</li>
 *   <li>The virtual-thread meters Micrometer's {@code VirtualThreadMetrics} publishes, under its names
 *       ({@code jvm.threads.virtual.pinned}, {@code jvm.threads.virtual.submit.failed}, and on JDK 24+
 *       {@code jvm.threads.virtual.parallelism}, {@code .pool.size} and {@code .live}), all with the
 *       common tags, when turned on in the configuration ({@link SpindleMetricsConfig#withVirtualThreadMetrics};
 *       off by default, since their JFR recording costs every virtual thread of the JVM). Their JFR
 *       stream is read by a daemon thread, so binding them never keeps the JVM from exiting. Do not also
 *       bind Micrometer's.</li>
 * </ul>
 *
 * <p><b>Computed when scraped.</b> The two gauges are computed when the registry reads them (at most
 * once per 50 ms, however many gauges a scrape reads) from core's process-wide view of live runs
 * ({@link dev.spindle.TaskView}), not from a per-task sample: a task's start and end do nothing for
 * them. They count the process's running tasks whose run and name this binder has recorded (runs it
 * does not observe and that do not time their tasks show no running time, and are left out).
 *
 * <p><b>Bounded cardinality.</b> The {@code run} tag takes at most {@link SpindleMetricsConfig#maxRunNames()}
 * values, the {@code name} tag {@link SpindleMetricsConfig#maxTaskNames()}; a value past its cap is
 * recorded as {@value #OTHER}, and a warning is logged once. The {@code exception} tag is capped the
 * same way by {@link SpindleMetricsConfig#maxExceptionNames()}; {@code outcome}, {@code cause} and
 * {@code reason} have fixed value sets.
 *
 * <p><b>Life cycle.</b> Bind to one registry ({@link #bindTo}); events that arrive before binding are
 * not recorded. {@link #close()} removes every meter this binder registered, stops the virtual-thread
 * recording, uninstalls the global registration made by {@link #installGlobally}, and makes later events
 * no-ops. A closed binder cannot be bound again. Leaving it open never keeps the JVM alive.
 *
 * <p><b>Cost.</b> Meters are cached per tag combination: once a run, task name, outcome and exception
 * have been seen, recording a task looks meters up in hash maps and builds no meter ID. The state
 * returned by {@link #taskStarted} is the task's resolved meters: nothing is allocated per task once
 * its meters exist. A task costs one Micrometer timer record (its run time), plus a second for the
 * tasks whose scheduling delay is sampled.
 *
 * <p>This class is thread-safe.
 * @since 0.1.0
 */
public final class SpindleMetrics implements MeterBinder, TaskObserver, AutoCloseable {

    /**
     * The {@code name} or {@code exception} tag value past the cap.
     * @since 0.1.0
     */
    public static final String OTHER = "other";
    /**
     * The {@code exception} tag value of a task that did not end by throwing.
     * @since 0.1.0
     */
    public static final String NONE = "none";
    /**
     * The {@code name} tag value of tasks with Spindle's default names, {@code Task-<id>}.
     * @since 0.1.0
     */
    public static final String DEFAULT_TASK_NAME = "task";
    /** The {@code run} tag value of runs with Spindle's default names, {@code run-<n>}. */
    public static final String DEFAULT_RUN_NAME = "run";

    private static final System.Logger LOG = System.getLogger("dev.spindle.metrics");

    private final SpindleMetricsConfig config;
    /** The binding events are recorded in: null before {@link #bindTo} and after {@link #close()}. */
    private volatile BoundMeters bound; // written under lock, read by every event

    private final Object lock = new Object();
    // guarded by lock
    private BoundMeters binding;
    private VirtualThreadMeters virtualThreads;
    private Runner.Registration registration;
    private boolean closed;

    /**
     * A binder with {@link SpindleMetricsConfig#defaults()}.
     * @since 0.1.0
     */
    public SpindleMetrics() {
        this(SpindleMetricsConfig.defaults());
    }

    /**
     * A binder with the given configuration. It records nothing until bound with {@link #bindTo}.
     *
     * @param config the configuration
     * @throws NullPointerException if {@code config} is {@code null}
     * @since 0.1.0
     */
    public SpindleMetrics(SpindleMetricsConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Creates a binder, binds it to {@code registry} and installs it as a global observer
     * ({@link Runner#installGlobalObserver}), so that every run started afterwards is measured.
     * {@link #close()} undoes all three.
     *
     * @param registry where the meters go
     * @param config the configuration
     * @return the bound, installed binder
     * @throws NullPointerException if an argument is {@code null}
     * @since 0.1.0
     */
    public static SpindleMetrics installGlobally(MeterRegistry registry, SpindleMetricsConfig config) {
        SpindleMetrics metrics = new SpindleMetrics(config);
        metrics.bindTo(registry);
        synchronized (metrics.lock) {
            metrics.registration = Runner.installGlobalObserver(metrics);
        }
        return metrics;
    }

    /**
     * This binder's configuration.
     *
     * @return the configuration
     * @since 0.1.0
     */
    public SpindleMetricsConfig config() {
        return config;
    }

    /**
     * Registers the meters that exist from the start ({@code <prefix>.task.scheduling},
     * {@code <prefix>.failures.unretrieved}, the virtual-thread meters) and starts recording task events.
     * Binding again to the same registry does nothing.
     *
     * @param registry where the meters go
     * @throws NullPointerException if {@code registry} is {@code null}
     * @throws IllegalStateException if this binder is bound to another registry (use a
     *     {@code CompositeMeterRegistry} to publish to several), or has been closed
     * @since 0.1.0
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("SpindleMetrics has been closed; create a new one to bind again");
            }
            if (binding != null) {
                if (binding.registry == registry) {
                    return;
                }
                throw new IllegalStateException("SpindleMetrics is already bound to " + binding.registry
                        + "; bind one SpindleMetrics per registry, or bind to a CompositeMeterRegistry");
            }
            binding = new BoundMeters(registry, config);
            if (config.virtualThreadMetrics()) {
                bindVirtualThreadMetrics(registry);
            }
            bound = binding;
        }
    }

    // guarded by lock
    private void bindVirtualThreadMetrics(MeterRegistry registry) {
        try {
            virtualThreads = new VirtualThreadMeters(registry, Tags.of(config.commonTags()));
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Spindle metrics: the virtual-thread meters could not be bound"
                    + " (is the jdk.jfr module in the runtime?); virtual-thread pinning is not measured", e);
        }
    }

    /**
     * Removes every meter this binder registered from its registry, stops the virtual-thread
     * recording (its daemon thread ends), uninstalls the global observer installed by {@link #installGlobally}, and turns later
     * task events into no-ops. Tasks still running when it is called are not recorded. Idempotent.
     * @since 0.1.0
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            bound = null;
            if (registration != null) {
                registration.close();
            }
            if (binding != null) {
                binding.close();
                if (virtualThreads != null) {
                    virtualThreads.close();
                }
            }
        }
    }

    // ---------------------------------------------------------------- TaskObserver

    /**
     * {@link SpindleMetricsConfig#schedulingSampling()}: the run reads the clock at creation only for the
     * tasks whose scheduling delay is recorded.
     * @since 0.1.0
     */
    @Override
    public int schedulingDelaySampling() {
        return config.schedulingSampling();
    }

    /**
     * Records the scheduling delay if the task is in the sample, and resolves the task's meters.
     *
     * @return the task's meters, which {@link #taskFinished} records in, or {@code null} when not bound
     * @since 0.1.0
     */
    @Override
    public Object taskStarted(Task<?> task, long schedulingDelayNanos) {
        BoundMeters b = bound;
        if (b == null) {
            return null;
        }
        if (schedulingDelayNanos >= 0L && task.id() % b.schedulingSampling == 0) { // core measures only sampled ones
            b.scheduling.record(schedulingDelayNanos, TimeUnit.NANOSECONDS);
        }
        return b.forTask(task);
    }

    /**
     * Records the task's run time in {@code <prefix>.task}.
     * @since 0.1.0
     */
    @Override
    public void taskFinished(Task<?> task, TaskOutcome outcome, long runNanos, Object startState) {
        BoundMeters b = bound;
        if (b == null) {
            return;
        }
        NameMeters meters = startState instanceof NameMeters m ? m : null;
        if (meters == null) { // cancelled before it started, or started before binding
            meters = b.forTask(task);
            if (meters == null) {
                return;
            }
        }
        Timer timer;
        if (outcome == TaskOutcome.SUCCESS) {
            timer = meters.success();
        } else {
            EndReason why = task.endReason().orElseThrow();
            String exception = NONE;
            String cause = NONE;
            if (why instanceof EndReason.Failed f) {
                exception = b.exceptionTag(f.failure());
                cause = b.endTags.cause(f.failure());
            }
            timer = meters.timer(outcome, exception, cause, EndTags.reason(outcome, why));
        }
        if (timer != null) {
            timer.record(runNanos, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Counts the failure in {@code <prefix>.failures.unretrieved}.
     * @since 0.1.0
     */
    @Override
    public void failureUnretrieved(Task<?> task, Throwable failure) {
        BoundMeters b = bound;
        if (b != null) {
            b.unretrieved.increment();
        }
    }

    @Override
    public String toString() {
        return "SpindleMetrics[prefix=" + config.prefix() + ", bound=" + (bound != null) + "]";
    }
}
