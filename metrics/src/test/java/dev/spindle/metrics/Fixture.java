package dev.spindle.metrics;

import dev.spindle.Runner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * A registry, a bound SpindleMetrics (virtual-thread meters off and every task's scheduling delay
 * recorded, unless asked otherwise) and a runner observed by it.
 */
final class Fixture implements AutoCloseable {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SpindleMetrics metrics;
    final Runner runner;

    Fixture() {
        this(SpindleMetricsConfig.defaults().withVirtualThreadMetrics(false).withSchedulingSampling(1));
    }

    Fixture(SpindleMetricsConfig config) {
        metrics = new SpindleMetrics(config);
        metrics.bindTo(registry);
        runner = Runner.create().withObserver(metrics);
    }

    @Override
    public void close() {
        metrics.close();
        registry.close();
    }
}
