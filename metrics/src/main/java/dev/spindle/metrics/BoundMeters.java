package dev.spindle.metrics;

import dev.spindle.TaskOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one {@link SpindleMetrics} in one registry, created lazily and cached so that the task
 * path looks meters up in maps keyed by tag values and never builds a meter ID once a combination has
 * been seen.
 *
 * <p>Thread-safe. Lookups are lock-free; creating a meter, and {@link #close()}, hold this object's
 * monitor, so that no meter is registered after {@code close} has removed the others.
 */
final class BoundMeters {

    private static final System.Logger LOG = System.getLogger("dev.spindle.metrics");
    private static final TaskOutcome[] OUTCOMES = TaskOutcome.values();
    private static final String[] OUTCOME_TAGS = new String[OUTCOMES.length];

    static {
        for (TaskOutcome o : OUTCOMES) {
            OUTCOME_TAGS[o.ordinal()] = o.name().toLowerCase(Locale.ROOT);
        }
    }

    final MeterRegistry registry;
    final Timer scheduling;
    final Counter unretrieved;

    private final SpindleMetricsConfig config;
    private final Tags commonTags;
    private final String taskMeter;
    private final String activeMeter;
    private final ConcurrentHashMap<String, NameMeters> names = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Class<?>, String> exceptionTags = new ConcurrentHashMap<>();

    // guarded by this
    private final List<Meter> registered = new ArrayList<>();
    private final Set<String> distinctExceptionTags = new HashSet<>();
    private int distinctNames; // values of the name tag other than OTHER
    private boolean namesCapped;
    private boolean exceptionsCapped;
    private boolean closed;

    BoundMeters(MeterRegistry registry, SpindleMetricsConfig config) {
        this.registry = registry;
        this.config = config;
        this.commonTags = Tags.of(config.commonTags());
        String prefix = config.prefix();
        this.taskMeter = prefix + ".task";
        this.activeMeter = prefix + ".task.active";
        Timer.Builder schedulingBuilder = Timer.builder(prefix + ".task.scheduling")
                .description("Time from a task's creation to its body starting to run: the scheduler's delay")
                .tags(commonTags)
                .publishPercentileHistogram(config.percentileHistogram())
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(10));
        Counter.Builder unretrievedBuilder = Counter.builder(prefix + ".failures.unretrieved")
                .description("Tasks that failed without anyone retrieving the failure before their run ended")
                .baseUnit(BaseUnits.TASKS)
                .tags(commonTags);
        synchronized (this) {
            this.scheduling = remember(schedulingBuilder.register(registry));
            this.unretrieved = remember(unretrievedBuilder.register(registry));
        }
    }

    /** The meters for a task name, or {@code null} once closed. */
    NameMeters forName(String taskName) {
        String tag = TaskNames.tagValue(taskName);
        NameMeters m = names.get(tag);
        return m != null ? m : newName(tag);
    }

    private synchronized NameMeters newName(String tag) {
        NameMeters m = names.get(tag);
        if (m != null || closed) {
            return m;
        }
        if (distinctNames >= config.maxTaskNames()) {
            if (!namesCapped) {
                namesCapped = true;
                LOG.log(System.Logger.Level.WARNING, "Spindle metrics: more than " + config.maxTaskNames()
                        + " distinct task names (tag 'name'); task '" + tag + "' and later new names are recorded as '"
                        + SpindleMetrics.OTHER + "'. Name tasks by kind, not by instance, or raise maxTaskNames");
            }
            tag = SpindleMetrics.OTHER;
            m = names.get(tag);
            if (m != null) {
                return m;
            }
        } else {
            distinctNames++;
        }
        m = new NameMeters(tag);
        names.put(tag, m);
        return m;
    }

    /** The {@code exception} tag value for a failure: its class's simple name, within the cap. */
    String exceptionTag(Throwable failure) {
        Class<?> type = failure.getClass();
        String tag = exceptionTags.get(type);
        return tag != null ? tag : newExceptionTag(type);
    }

    private synchronized String newExceptionTag(Class<?> type) {
        String tag = exceptionTags.get(type);
        if (tag != null) {
            return tag;
        }
        tag = simpleName(type);
        if (!distinctExceptionTags.contains(tag)) {
            if (distinctExceptionTags.size() >= config.maxExceptionNames()) {
                if (!exceptionsCapped) {
                    exceptionsCapped = true;
                    LOG.log(System.Logger.Level.WARNING, "Spindle metrics: more than " + config.maxExceptionNames()
                            + " distinct exception classes (tag 'exception'); " + type.getName()
                            + " and later new ones are recorded as '" + SpindleMetrics.OTHER + "'");
                }
                return SpindleMetrics.OTHER; // not cached: the map of classes stays bounded too
            }
            distinctExceptionTags.add(tag);
        }
        exceptionTags.put(type, tag);
        return tag;
    }

    private static String simpleName(Class<?> type) {
        String simple = type.getSimpleName();
        if (!simple.isEmpty()) {
            return simple;
        }
        String full = type.getName(); // anonymous or hidden class: keep what follows the package
        return full.substring(full.lastIndexOf('.') + 1);
    }

    /** Removes every meter this binding registered; later lookups create nothing. Idempotent. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Meter m : registered) {
            registry.remove(m);
        }
        registered.clear();
        names.clear();
        exceptionTags.clear();
    }

    // guarded by this
    private <M extends Meter> M remember(M meter) {
        registered.add(meter);
        return meter;
    }

    /** The meters of one value of the {@code name} tag. */
    final class NameMeters {

        final String tag;
        /** Null only if the binding closed before these meters could be created. */
        final LongTaskTimer active;
        /** Timers with {@code exception=none}, by outcome ordinal; created on first use. */
        private final AtomicReferenceArray<Timer> plain = new AtomicReferenceArray<>(OUTCOMES.length);
        /** Timers with an exception, by outcome ordinal, then exception tag; created on first use. */
        private final ConcurrentHashMap<String, Timer> failed = new ConcurrentHashMap<>();
        private final ConcurrentHashMap<String, Timer> timedOut = new ConcurrentHashMap<>();

        // called with BoundMeters' monitor held
        NameMeters(String tag) {
            this.tag = tag;
            this.active = remember(LongTaskTimer.builder(activeMeter)
                    .description("Tasks whose body is running; the max is how long the oldest one has run")
                    .tags(commonTags)
                    .tag("name", tag)
                    .register(registry));
        }

        /** The run-time timer for an outcome and exception tag, or {@code null} once closed. */
        Timer timer(TaskOutcome outcome, String exception) {
            if (exception == SpindleMetrics.NONE) {
                Timer t = plain.get(outcome.ordinal());
                return t != null ? t : newTimer(outcome, exception);
            }
            Timer t = (outcome == TaskOutcome.TIMEOUT ? timedOut : failed).get(exception);
            return t != null ? t : newTimer(outcome, exception);
        }

        private Timer newTimer(TaskOutcome outcome, String exception) {
            synchronized (BoundMeters.this) {
                if (closed) {
                    return null;
                }
                Timer t = remember(Timer.builder(taskMeter)
                        .description("Run time of finished tasks, by task name, outcome and exception")
                        .tags(commonTags)
                        .tag("name", tag)
                        .tag("outcome", OUTCOME_TAGS[outcome.ordinal()])
                        .tag("exception", exception)
                        .publishPercentileHistogram(config.percentileHistogram())
                        .serviceLevelObjectives(config.serviceLevelObjectives().toArray(Duration[]::new))
                        .minimumExpectedValue(Duration.ofNanos(100_000))
                        .maximumExpectedValue(Duration.ofMinutes(1))
                        .register(registry));
                if (exception == SpindleMetrics.NONE) {
                    plain.set(outcome.ordinal(), t);
                } else {
                    (outcome == TaskOutcome.TIMEOUT ? timedOut : failed).put(exception, t);
                }
                return t;
            }
        }
    }
}
