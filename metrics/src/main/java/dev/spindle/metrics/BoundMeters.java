package dev.spindle.metrics;

import dev.spindle.Task;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

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

    final MeterRegistry registry;
    final Timer scheduling;
    final Counter unretrieved;
    /** {@link SpindleMetricsConfig#schedulingSampling()}: tasks whose id is a multiple of it record their delay. */
    final long schedulingSampling;
    final EndTags endTags = new EndTags();

    private final SpindleMetricsConfig config;
    private final Tags commonTags;
    private final String taskMeter;
    private final String activeMeter;
    private final String oldestMeter;
    private final Duration[] taskBuckets;
    private final InFlight inFlight;
    /** By run tag, then name tag. */
    private final ConcurrentHashMap<String, ConcurrentHashMap<String, NameMeters>> runs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Class<?>, String> exceptionTags = new ConcurrentHashMap<>();

    // guarded by this
    private final List<Meter> registered = new ArrayList<>();
    private final Set<String> distinctNameTags = new HashSet<>();
    private final Set<String> distinctExceptionTags = new HashSet<>();
    private boolean runsCapped;
    private boolean namesCapped;
    private boolean exceptionsCapped;
    private boolean closed;

    BoundMeters(MeterRegistry registry, SpindleMetricsConfig config) {
        this.registry = registry;
        this.config = config;
        this.commonTags = Tags.of(config.commonTags());
        this.schedulingSampling = config.schedulingSampling();
        String prefix = config.prefix();
        this.taskMeter = prefix + ".task";
        this.activeMeter = prefix + ".task.active";
        this.oldestMeter = prefix + ".task.oldest";
        this.taskBuckets = config.percentileHistogram() ? taskBuckets(config) : config.serviceLevelObjectives()
                .toArray(Duration[]::new);
        this.inFlight = new InFlight(new LiveTaskView(), this);
        Timer.Builder schedulingBuilder = Timer.builder(prefix + ".task.scheduling")
                .description("Time from a task's creation to its body starting to run: the scheduler's delay;"
                        + " a sample of the tasks")
                .tags(commonTags)
                .serviceLevelObjectives(config.percentileHistogram()
                        ? SpindleMetricsConfig.SCHEDULING_BUCKETS.toArray(Duration[]::new) : new Duration[0]);
        Counter.Builder unretrievedBuilder = Counter.builder(prefix + ".failures.unretrieved")
                .description("Tasks that failed without anyone retrieving the failure before their run ended")
                .baseUnit(BaseUnits.TASKS)
                .tags(commonTags);
        synchronized (this) {
            this.scheduling = remember(schedulingBuilder.register(registry));
            this.unretrieved = remember(unretrievedBuilder.register(registry));
        }
    }

    /** The fixed task buckets and the configured objectives, ascending, without repeats. */
    private static Duration[] taskBuckets(SpindleMetricsConfig config) {
        TreeSet<Duration> all = new TreeSet<>(SpindleMetricsConfig.TASK_BUCKETS);
        all.addAll(config.serviceLevelObjectives());
        return all.toArray(Duration[]::new);
    }

    /** The meters for a task's run and name, or {@code null} once closed. */
    NameMeters forTask(Task<?> task) {
        String runTag = TaskNames.tagValue(task.runName());
        String nameTag = TaskNames.tagValue(task);
        ConcurrentHashMap<String, NameMeters> names = runs.get(runTag);
        if (names != null) {
            NameMeters m = names.get(nameTag);
            if (m != null) {
                return m;
            }
        }
        return newName(runTag, nameTag);
    }

    /** The meters for a run and task name if they exist; never creates any. */
    NameMeters existing(String runName, String taskName) {
        ConcurrentHashMap<String, NameMeters> names = runs.get(TaskNames.tagValue(runName));
        if (names == null) {
            names = runs.get(SpindleMetrics.OTHER);
        }
        if (names == null) {
            return null;
        }
        NameMeters m = names.get(TaskNames.tagValue(taskName));
        return m != null ? m : names.get(SpindleMetrics.OTHER);
    }

    private synchronized NameMeters newName(String runTag, String nameTag) {
        if (closed) {
            return null;
        }
        ConcurrentHashMap<String, NameMeters> names = runs.get(runTag);
        if (names == null) {
            if (runs.size() >= config.maxRunNames()) { // OTHER, once there, is past the cap
                capWarning(runsCapped, "runs", "run", runTag, "maxRunNames");
                runsCapped = true;
                runTag = SpindleMetrics.OTHER;
            }
            names = runs.computeIfAbsent(runTag, k -> new ConcurrentHashMap<>());
        }
        NameMeters m = names.get(nameTag);
        if (m != null) {
            return m;
        }
        if (!distinctNameTags.contains(nameTag)) {
            if (distinctNameTags.size() >= config.maxTaskNames()) {
                capWarning(namesCapped, "task names", "name", nameTag, "maxTaskNames");
                namesCapped = true;
                nameTag = SpindleMetrics.OTHER;
                m = names.get(nameTag);
                if (m != null) {
                    return m;
                }
            } else {
                distinctNameTags.add(nameTag);
            }
        }
        m = new NameMeters(this, runTag, nameTag);
        registerGauges(m);
        names.put(nameTag, m);
        return m;
    }

    private void capWarning(boolean warned, String what, String tag, String value, String setting) {
        if (!warned) {
            LOG.log(System.Logger.Level.WARNING, "Spindle metrics: more than the allowed distinct " + what + " (tag '"
                    + tag + "'); '" + value + "' and later new values are recorded as '" + SpindleMetrics.OTHER
                    + "'. Name " + what + " by kind, not by instance, or raise " + setting);
        }
    }

    // guarded by this
    private void registerGauges(NameMeters m) {
        remember(Gauge.builder(activeMeter, m, inFlight::count)
                .description("Tasks whose body is running now, by run and name; computed when scraped")
                .baseUnit(BaseUnits.TASKS)
                .tags(commonTags)
                .tag("run", m.run)
                .tag("name", m.name)
                .strongReference(true)
                .register(registry));
        remember(TimeGauge.builder(oldestMeter, m, TimeUnit.SECONDS, inFlight::oldestSeconds)
                .description("How long the oldest running task of a run and name has run; computed when scraped")
                .tags(commonTags)
                .tag("run", m.run)
                .tag("name", m.name)
                .strongReference(true)
                .register(registry));
    }

    /** Registers the run-time timer of {@code m} with these tags, or returns {@code null} once closed. */
    synchronized Timer newTimer(NameMeters m, NameMeters.Key key) {
        if (closed) {
            return null;
        }
        return remember(Timer.builder(taskMeter)
                .description("Run time of finished tasks, by run, task name, outcome, exception, cause and reason")
                .tags(commonTags)
                .tag("run", m.run)
                .tag("name", m.name)
                .tag("outcome", key.outcome().name().toLowerCase(Locale.ROOT))
                .tag("exception", key.exception())
                .tag("cause", key.cause())
                .tag("reason", key.reason())
                .serviceLevelObjectives(taskBuckets)
                .register(registry));
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
                capWarning(exceptionsCapped, "exception classes", "exception", type.getName(), "maxExceptionNames");
                exceptionsCapped = true;
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
        runs.clear();
        exceptionTags.clear();
    }

    // guarded by this
    private <M extends Meter> M remember(M meter) {
        registered.add(meter);
        return meter;
    }
}
