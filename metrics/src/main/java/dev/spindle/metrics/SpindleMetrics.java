package dev.spindle.metrics;

import dev.spindle.EndReason;
import dev.spindle.Runner;
import dev.spindle.Task;
import dev.spindle.TaskObserver;
import dev.spindle.TaskOutcome;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.java21.instrument.binder.jdk.VirtualThreadMetrics;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 * Runner runner = Runner.create().withObserver(metrics);
 * }</pre>
 *
 * <p>Meters (with the default prefix {@code spindle}; every one has a description and a base unit, and
 * carries the configured common tags):
 * <ul>
 *   <li>{@code spindle.task} — Timer: run time of each finished task, from its body starting to its
 *       end. Tags: {@code name} — the task's name with a trailing {@code -<digits>} removed, so
 *       {@code fetch-7} is {@code fetch} and Spindle's default names {@code Task-<id>} are
 *       {@value #DEFAULT_TASK_NAME}; {@code outcome} — {@code success}, {@code failure},
 *       {@code cancelled} or {@code timeout} ({@link TaskOutcome}); {@code exception} — the simple class
 *       name of what the body threw when the task ended by throwing (outcome {@code failure}, or
 *       {@code timeout} by a {@code DeadlineExceededException}), otherwise {@value #NONE}. A task
 *       cancelled before its body ran is recorded with outcome {@code cancelled} and zero run time.</li>
 *   <li>{@code spindle.task.active} — LongTaskTimer, tag {@code name}: tasks whose body is running;
 *       its active count is the tasks in flight, its max how long the oldest one has been running.</li>
 *   <li>{@code spindle.task.scheduling} — Timer: from a task's creation to its body starting (the
 *       virtual-thread scheduler's delay).</li>
 *   <li>{@code spindle.failures.unretrieved} — Counter, base unit {@code tasks}: tasks that failed
 *       without anyone retrieving the failure before their run ended.</li>
 *   <li>Micrometer's own {@link VirtualThreadMetrics} ({@code jvm.threads.virtual.pinned},
 *       {@code jvm.threads.virtual.submit.failed}, and on JDK 24+ the scheduler gauges), unless turned
 *       off in the configuration. Do not also bind it yourself: closing this binder removes them.</li>
 * </ul>
 *
 * <p><b>Bounded cardinality.</b> The {@code name} tag takes at most
 * {@link SpindleMetricsConfig#maxTaskNames()} values; a task whose name would be a new value past the
 * cap is recorded as {@value #OTHER}, and a warning is logged once. The {@code exception} tag is capped
 * the same way by {@link SpindleMetricsConfig#maxExceptionNames()}.
 *
 * <p><b>Life cycle.</b> Bind to one registry ({@link #bindTo}); events that arrive before binding are
 * not recorded. {@link #close()} removes every meter this binder registered, stops Micrometer's
 * virtual-thread recording, uninstalls the global registration made by {@link #installGlobally}, and
 * makes later events no-ops. A closed binder cannot be bound again.
 *
 * <p><b>Cost.</b> Meters are cached per tag combination: once a task name, outcome and exception have
 * been seen, recording a task looks meters up in hash maps and builds no meter ID. The state returned
 * by {@link #taskStarted} carries the long-task-timer sample and the task's resolved meters.
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

    private static final System.Logger LOG = System.getLogger("dev.spindle.metrics");
    private static final String VIRTUAL_THREAD_METER_PREFIX = "jvm.threads.virtual.";

    private final SpindleMetricsConfig config;
    /** The binding events are recorded in: null before {@link #bindTo} and after {@link #close()}. */
    private volatile BoundMeters bound; // written under lock, read by every event

    private final Object lock = new Object();
    // guarded by lock
    private BoundMeters binding;
    private VirtualThreadMetrics virtualThreads;
    private List<Meter> virtualThreadMeters = List.of();
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
        Set<Meter.Id> before = virtualThreadMeterIds(registry);
        try {
            VirtualThreadMetrics vt = new VirtualThreadMetrics(Tags.of(config.commonTags()));
            vt.bindTo(registry);
            virtualThreads = vt;
        } catch (RuntimeException | LinkageError e) {
            LOG.log(System.Logger.Level.WARNING, "Spindle metrics: Micrometer's VirtualThreadMetrics could not be"
                    + " bound (is the jdk.jfr module in the runtime?); virtual-thread pinning is not measured", e);
            return;
        }
        virtualThreadMeters = registry.getMeters().stream()
                .filter(m -> m.getId().getName().startsWith(VIRTUAL_THREAD_METER_PREFIX) && !before.contains(m.getId()))
                .toList();
    }

    private static Set<Meter.Id> virtualThreadMeterIds(MeterRegistry registry) {
        Set<Meter.Id> ids = new HashSet<>();
        for (Meter m : registry.getMeters()) {
            if (m.getId().getName().startsWith(VIRTUAL_THREAD_METER_PREFIX)) {
                ids.add(m.getId());
            }
        }
        return ids;
    }

    /**
     * Removes every meter this binder registered from its registry, stops Micrometer's virtual-thread
     * recording, uninstalls the global observer installed by {@link #installGlobally}, and turns later
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
                    for (Meter m : virtualThreadMeters) {
                        binding.registry.remove(m);
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- TaskObserver

    /** What {@link #taskStarted} hands back: the meters of the task's name and its active sample. */
    private record Started(BoundMeters.NameMeters meters, LongTaskTimer.Sample sample) {}

    /**
     * Records the scheduling delay and starts the task's {@code <prefix>.task.active} sample.
     *
     * @return the state {@link #taskFinished} needs, or {@code null} when not bound
     * @since 0.1.0
     */
    @Override
    public Object taskStarted(Task<?> task, long schedulingDelayNanos) {
        BoundMeters b = bound;
        if (b == null) {
            return null;
        }
        b.scheduling.record(schedulingDelayNanos, TimeUnit.NANOSECONDS);
        BoundMeters.NameMeters meters = b.forName(task.name());
        if (meters == null) {
            return null;
        }
        return new Started(meters, meters.active.start());
    }

    /**
     * Stops the task's active sample and records its run time in {@code <prefix>.task}.
     * @since 0.1.0
     */
    @Override
    public void taskFinished(Task<?> task, TaskOutcome outcome, long runNanos, Object startState) {
        BoundMeters.NameMeters meters = null;
        if (startState instanceof Started s) {
            s.sample().stop();
            meters = s.meters();
        }
        BoundMeters b = bound;
        if (b == null) {
            return;
        }
        if (meters == null) { // cancelled before it started, or started before binding
            meters = b.forName(task.name());
            if (meters == null) {
                return;
            }
        }
        String exception = NONE;
        if (outcome == TaskOutcome.FAILURE || outcome == TaskOutcome.TIMEOUT) {
            if (task.endReason().orElse(null) instanceof EndReason.Failed f) {
                exception = b.exceptionTag(f.failure());
            }
        }
        Timer timer = meters.timer(outcome, exception);
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
