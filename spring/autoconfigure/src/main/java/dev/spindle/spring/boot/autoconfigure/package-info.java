/**
 * Spring Boot auto-configuration for Spindle: task metrics on the application's {@code MeterRegistry},
 * context propagation (MDC, observations, traces) into tasks, the actuator endpoint
 * {@code /actuator/spindle}, and graceful shutdown with the application context. Each part is a bean
 * the application can replace ({@code @ConditionalOnMissingBean}) and a property can switch off.
 */
package dev.spindle.spring.boot.autoconfigure;
