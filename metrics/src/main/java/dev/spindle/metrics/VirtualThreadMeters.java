package dev.spindle.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jdk.jfr.consumer.RecordingStream;

/**
 * The virtual-thread meters Micrometer's {@code VirtualThreadMetrics} publishes, under the same names,
 * with two differences that made it unusable as it is: every meter carries the common tags (Micrometer
 * leaves them off the scheduler gauges), and the JFR stream that feeds the pinning timer is read by a
 * <em>daemon</em> thread. Micrometer starts its stream with {@code RecordingStream.startAsync()}, whose
 * thread ("JFR Event Stream N") is not a daemon, so a program that bound the meters and never closed
 * them could not exit when {@code main} returned; here the stream runs with {@code start()} on a daemon
 * platform thread of its own, which never holds the process.
 *
 * <p>Meters: {@code jvm.threads.virtual.pinned} (timer, pinnings of at least 20 ms, as Micrometer),
 * {@code jvm.threads.virtual.submit.failed} (counter) and, where the JDK has
 * {@code jdk.management.VirtualThreadSchedulerMXBean} (JDK 24+), {@code jvm.threads.virtual.parallelism},
 * {@code jvm.threads.virtual.pool.size} and {@code jvm.threads.virtual.live} by
 * {@code scheduling.status} ({@code mounted}, {@code queued}).
 *
 * <p>Thread-safe: created and closed by {@link SpindleMetrics} under its lock.
 */
final class VirtualThreadMeters implements AutoCloseable {

    static final String PREFIX = "jvm.threads.virtual.";
    private static final String PINNED_EVENT = "jdk.VirtualThreadPinned";
    private static final String SUBMIT_FAILED_EVENT = "jdk.VirtualThreadSubmitFailed";
    private static final Duration PINNED_THRESHOLD = Duration.ofMillis(20);
    private static final Duration MAX_AGE = Duration.ofSeconds(5);
    private static final long MAX_SIZE_BYTES = 10L * 1024 * 1024;
    private static final String SCHEDULER_BEAN = "jdk.management.VirtualThreadSchedulerMXBean";
    private static final String LIVE_DESCRIPTION = "Approximate current number of virtual threads that are unfinished";

    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();
    private final RecordingStream stream;
    private final Thread reader;

    /**
     * Registers the meters and starts reading the JFR events.
     *
     * @throws RuntimeException or {@link LinkageError} if JFR is not available; nothing stays registered
     */
    VirtualThreadMeters(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        RecordingStream rs = new RecordingStream();
        try {
            rs.enable(PINNED_EVENT).withThreshold(PINNED_THRESHOLD);
            rs.enable(SUBMIT_FAILED_EVENT);
            rs.setMaxAge(MAX_AGE);
            rs.setMaxSize(MAX_SIZE_BYTES);
            Timer pinned = add(Timer.builder(PREFIX + "pinned")
                    .description("The duration while the virtual thread was pinned without releasing its platform thread")
                    .tags(tags)
                    .register(registry));
            Counter submitFailed = add(Counter.builder(PREFIX + "submit.failed")
                    .description("The number of events when starting or unparking a virtual thread failed")
                    .tags(tags)
                    .register(registry));
            rs.onEvent(PINNED_EVENT, e -> pinned.record(e.getDuration()));
            rs.onEvent(SUBMIT_FAILED_EVENT, e -> submitFailed.increment());
            bindScheduler(tags);
            Thread t = new Thread(rs::start, "spindle-metrics-jfr");
            t.setDaemon(true); // the point of this class: never keep the JVM alive
            t.start();
            this.stream = rs;
            this.reader = t;
        } catch (RuntimeException | Error e) {
            rs.close();
            meters.forEach(registry::remove);
            throw e;
        }
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    /** The scheduler gauges, read through the JDK 24+ bean by method handles; none on an older JDK. */
    private void bindScheduler(Tags tags) {
        PlatformManagedObject bean;
        MethodHandle parallelism;
        MethodHandle poolSize;
        MethodHandle mounted;
        MethodHandle queued;
        try {
            Class<? extends PlatformManagedObject> type = Class.forName(SCHEDULER_BEAN)
                    .asSubclass(PlatformManagedObject.class);
            bean = ManagementFactory.getPlatformMXBean(type);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            parallelism = lookup.findVirtual(type, "getParallelism", MethodType.methodType(int.class));
            poolSize = lookup.findVirtual(type, "getPoolSize", MethodType.methodType(int.class));
            mounted = lookup.findVirtual(type, "getMountedVirtualThreadCount", MethodType.methodType(int.class));
            queued = lookup.findVirtual(type, "getQueuedVirtualThreadCount", MethodType.methodType(long.class));
        } catch (ReflectiveOperationException | ClassCastException | IllegalArgumentException e) {
            return; // before JDK 24: no scheduler bean
        }
        add(Gauge.builder(PREFIX + "parallelism", bean, b -> read(parallelism, b))
                .description("Virtual thread scheduler's target parallelism")
                .tags(tags)
                .register(registry));
        add(Gauge.builder(PREFIX + "pool.size", bean, b -> read(poolSize, b))
                .description("Current number of platform threads that the scheduler has started but have not"
                        + " terminated; -1 if not known.")
                .baseUnit(BaseUnits.THREADS)
                .tags(tags)
                .register(registry));
        add(Gauge.builder(PREFIX + "live", bean, b -> read(mounted, b))
                .description(LIVE_DESCRIPTION)
                .baseUnit(BaseUnits.THREADS)
                .tags(tags)
                .tag("scheduling.status", "mounted")
                .register(registry));
        add(Gauge.builder(PREFIX + "live", bean, b -> read(queued, b))
                .description(LIVE_DESCRIPTION)
                .baseUnit(BaseUnits.THREADS)
                .tags(tags)
                .tag("scheduling.status", "queued")
                .register(registry));
    }

    private static double read(MethodHandle getter, PlatformManagedObject bean) {
        try {
            return ((Number) getter.invoke(bean)).doubleValue();
        } catch (Throwable t) {
            return Double.NaN;
        }
    }

    /** The thread that reads the JFR stream; for tests. */
    Thread reader() {
        return reader;
    }

    /** Stops the JFR stream (its thread then ends) and removes the meters. Idempotent. */
    @Override
    public void close() {
        stream.close();
        for (Meter m : meters) {
            registry.remove(m);
        }
        meters.clear();
    }
}
