package dev.spindle.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A small quote service on Spring Boot: {@code GET /quote/{symbol}} asks three price sources at once in
 * one Spindle run and answers with the best price. The Spindle starter adds, with no code here: the task
 * metrics on {@code /actuator/prometheus}, the live task view on {@code /actuator/spindle}, the request's
 * MDC in every task's log lines, and graceful shutdown of the runs when the application stops.
 */
@SpringBootApplication
public class QuoteService {

    /**
     * Starts the service (port 8080 unless {@code server.port} says otherwise).
     *
     * @param args Spring Boot's arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(QuoteService.class, args);
    }
}
