package dev.spindle.spring.boot.autoconfigure;

import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.context.LifecycleAutoConfiguration;
import org.springframework.boot.autoconfigure.context.LifecycleProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Spindle's graceful shutdown on the application context's life cycle ({@link SpindleShutdownLifecycle}),
 * with the grace {@code spindle.shutdown.grace}, at most {@code spring.lifecycle.timeout-per-shutdown-phase}
 * (the time Spring gives each shutdown phase; the default is 30 s). Off with
 * {@code spindle.shutdown.enabled=false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = LifecycleAutoConfiguration.class)
@ConditionalOnProperty(prefix = "spindle.shutdown", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SpindleProperties.class)
public class SpindleShutdownAutoConfiguration {

    private static final Duration SPRING_DEFAULT_PHASE_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Creates the configuration; used by Spring.
     */
    public SpindleShutdownAutoConfiguration() {}

    /**
     * The life cycle that shuts Spindle down with the context.
     *
     * @param properties {@code spindle.*}
     * @param lifecycle {@code spring.lifecycle.*}, when Spring Boot bound them
     * @return the life cycle
     */
    @Bean
    @ConditionalOnMissingBean
    public SpindleShutdownLifecycle spindleShutdownLifecycle(SpindleProperties properties,
            ObjectProvider<LifecycleProperties> lifecycle) {
        LifecycleProperties spring = lifecycle.getIfAvailable();
        Duration phaseTimeout = spring != null ? spring.getTimeoutPerShutdownPhase() : SPRING_DEFAULT_PHASE_TIMEOUT;
        return new SpindleShutdownLifecycle(SpindleShutdownLifecycle.grace(properties.getShutdown().getGrace(),
                phaseTimeout));
    }
}
