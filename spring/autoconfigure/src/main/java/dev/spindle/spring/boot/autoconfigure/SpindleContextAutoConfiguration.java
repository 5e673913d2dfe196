package dev.spindle.spring.boot.autoconfigure;

import dev.spindle.ContextPropagator;
import dev.spindle.context.MicrometerContextPropagator;
import io.micrometer.context.ContextRegistry;
import io.micrometer.context.ContextSnapshotFactory;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * Makes the context of the code that creates a Spindle task (SLF4J's MDC, the current Micrometer
 * observation and with it the trace, every {@code ThreadLocalAccessor} in Micrometer's
 * {@link ContextRegistry}) flow into the task, with no user code: a {@link MicrometerContextPropagator}
 * over the application's {@link ContextSnapshotFactory} bean if it has one, otherwise over the process-wide
 * {@code ContextRegistry.getInstance()} that Spring, Micrometer and Reactor share (with SLF4J's MDC accessor
 * registered there). Every {@link ContextPropagator} bean, this one or the application's, is installed for
 * every run by a {@link ContextPropagatorInstaller}. Needs {@code spindle-context}; off with
 * {@code spindle.context.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass({MicrometerContextPropagator.class, ContextRegistry.class})
@ConditionalOnProperty(prefix = "spindle.context", name = "enabled", havingValue = "true", matchIfMissing = true)
public class SpindleContextAutoConfiguration {

    /**
     * Creates the configuration; used by Spring.
     */
    public SpindleContextAutoConfiguration() {}

    /**
     * The propagator over Micrometer's context-propagation.
     *
     * @param snapshotFactory the application's snapshot factory, if it defines one
     * @return the propagator
     */
    @Bean
    @ConditionalOnMissingBean
    public ContextPropagator spindleContextPropagator(ObjectProvider<ContextSnapshotFactory> snapshotFactory) {
        ContextSnapshotFactory factory = snapshotFactory.getIfAvailable();
        if (factory != null) {
            return MicrometerContextPropagator.of(factory);
        }
        MicrometerContextPropagator.registerSlf4jMdc(ContextRegistry.getInstance());
        return MicrometerContextPropagator.create();
    }

    /**
     * Installs every {@link ContextPropagator} bean for every run, until the context closes.
     *
     * @param propagators the propagator beans, in their order
     * @return the installer
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ContextPropagatorInstaller spindleContextPropagatorInstaller(ObjectProvider<ContextPropagator> propagators) {
        return ContextPropagatorInstaller.install(List.copyOf(propagators.orderedStream().toList()));
    }
}
