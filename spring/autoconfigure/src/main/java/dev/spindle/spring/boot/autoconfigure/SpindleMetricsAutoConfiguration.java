package dev.spindle.spring.boot.autoconfigure;

import dev.spindle.metrics.SpindleMetrics;
import dev.spindle.metrics.SpindleMetricsConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.JvmMetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Records every Spindle task in the application's {@link MeterRegistry}: a {@link SpindleMetrics} bound to
 * it and installed for every run ({@link SpindleMetrics#installGlobally}), configured by
 * {@code spindle.metrics.*}, closed (its meters removed) with the context. Needs {@code spindle-metrics}
 * and a {@code MeterRegistry} bean; off with {@code spindle.metrics.enabled=false}; backs off when the
 * application defines its own {@code SpindleMetrics}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = {MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
        JvmMetricsAutoConfiguration.class})
@ConditionalOnClass({SpindleMetrics.class, MeterRegistry.class})
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnProperty(prefix = "spindle.metrics", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SpindleProperties.class)
public class SpindleMetricsAutoConfiguration {

    /**
     * Creates the configuration; used by Spring.
     */
    public SpindleMetricsAutoConfiguration() {}

    /**
     * The binder, bound and installed for every run.
     *
     * @param registry the application's registry
     * @param properties {@code spindle.*}
     * @param beans the context's beans, searched for Spring Boot's own virtual-thread binder
     * @return the installed binder
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public SpindleMetrics spindleMetrics(MeterRegistry registry, SpindleProperties properties,
            ListableBeanFactory beans) {
        SpindleProperties.Metrics m = properties.getMetrics();
        boolean virtualThreads = m.isVirtualThreadMetrics() && !bootBindsVirtualThreads(beans);
        SpindleMetricsConfig config = SpindleMetricsConfig.defaults()
                .withPrefix(m.getPrefix())
                .withPercentileHistogram(m.isPercentileHistogram())
                .withServiceLevelObjectives(m.getServiceLevelObjectives().toArray(Duration[]::new))
                .withMaxRunNames(m.getMaxRunNames())
                .withMaxTaskNames(m.getMaxTaskNames())
                .withMaxExceptionNames(m.getMaxExceptionNames())
                .withSchedulingSampling(m.getSchedulingSampling())
                .withVirtualThreadMetrics(virtualThreads);
        return SpindleMetrics.installGlobally(registry, config);
    }

    /** Micrometer's own virtual-thread binder, which Spring Boot registers when micrometer-java21 is present. */
    private static final String BOOT_VIRTUAL_THREAD_METRICS =
            "io.micrometer.java21.instrument.binder.jdk.VirtualThreadMetrics";

    /**
     * Whether the application already has Micrometer's virtual-thread binder as a bean (Spring Boot makes one
     * when {@code micrometer-java21} is on the class path); Spindle's binder then leaves those meters to it,
     * since both register the same names. Looked up by name, so that this class loads without that jar.
     */
    static boolean bootBindsVirtualThreads(ListableBeanFactory beans) {
        ClassLoader loader = SpindleMetricsAutoConfiguration.class.getClassLoader();
        if (!ClassUtils.isPresent(BOOT_VIRTUAL_THREAD_METRICS, loader)) {
            return false;
        }
        Class<?> binder = ClassUtils.resolveClassName(BOOT_VIRTUAL_THREAD_METRICS, loader);
        return beans.getBeanNamesForType(binder, false, false).length > 0;
    }
}
