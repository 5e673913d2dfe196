package dev.spindle.spring.boot.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The actuator endpoint {@link SpindleEndpoint} ({@code /actuator/spindle}), when Spring Boot's actuator is
 * present and the endpoint is available (its access is not {@code none} and it is exposed, through
 * {@code management.endpoint.spindle.*} and {@code management.endpoints.web.exposure.include}).
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(Endpoint.class)
@ConditionalOnAvailableEndpoint(endpoint = SpindleEndpoint.class)
public class SpindleEndpointAutoConfiguration {

    /**
     * Creates the configuration; used by Spring.
     */
    public SpindleEndpointAutoConfiguration() {}

    /**
     * The endpoint.
     *
     * @return the endpoint
     */
    @Bean
    @ConditionalOnMissingBean
    public SpindleEndpoint spindleEndpoint() {
        return new SpindleEndpoint();
    }
}
