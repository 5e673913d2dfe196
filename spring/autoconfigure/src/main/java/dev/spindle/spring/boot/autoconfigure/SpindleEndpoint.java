package dev.spindle.spring.boot.autoconfigure;

import dev.spindle.ProcessSnapshot;
import dev.spindle.TaskView;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The actuator endpoint {@code /actuator/spindle}: the process's live Spindle runs and their task trees,
 * with the recently ended runs and tasks and why they ended ({@link TaskView#snapshot()}), as the JSON
 * document of schema {@value ProcessSnapshot#JSON_SCHEMA} ({@code docs/schema/spindle-tasks-1.schema.json}).
 * Read-only. Exposed like any actuator endpoint: {@code management.endpoints.web.exposure.include=spindle}.
 *
 * <p>This class is thread-safe.
 *
 * @since 0.1.0
 */
@Endpoint(id = "spindle")
public final class SpindleEndpoint {

    /**
     * Creates the endpoint.
     */
    public SpindleEndpoint() {}

    /**
     * The live task view.
     *
     * @return the JSON document
     */
    @ReadOperation(produces = "application/json")
    public String tasks() {
        return TaskView.snapshot().toJson();
    }
}
