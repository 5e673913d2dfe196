package dev.spindle.examples.spring;

import dev.spindle.Runner;
import dev.spindle.Spindle;
import dev.spindle.Task;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The handler: puts the request id in the MDC, then fans out to three sources in one Spindle run with a
 * deadline. The sources' log lines carry the request id because the starter propagates the MDC into tasks.
 */
@RestController
class QuoteController {

    private static final Logger LOG = LoggerFactory.getLogger(QuoteController.class);
    private static final List<String> SOURCES = List.of("alpha", "beta", "gamma");

    /**
     * The best of three sources' prices for {@code symbol}.
     *
     * @param symbol the ticker
     * @param requestId the caller's request id, or a new one
     * @param delayMs extra time each source takes (to watch the tasks in {@code /actuator/spindle})
     * @return the symbol, the request id, each source's price and the best one
     */
    @GetMapping("/quote/{symbol}")
    Map<String, Object> quote(@PathVariable("symbol") String symbol,
            @RequestHeader(name = "X-Request-Id", required = false) String requestId,
            @RequestParam(name = "delayMs", defaultValue = "0") long delayMs) {
        String id = requestId != null ? requestId : UUID.randomUUID().toString();
        MDC.put("req", id);
        try {
            LOG.info("quote for {} requested", symbol);
            Map<String, Integer> prices = Runner.create().withName("quote " + symbol)
                    .run(() -> Spindle.timeout(Duration.ofSeconds(10), () -> askAll(symbol, delayMs)));
            int best = prices.values().stream().mapToInt(Integer::intValue).min().orElseThrow();
            LOG.info("quote for {} answered: {}", symbol, best);
            return Map.of("symbol", symbol, "request", id, "prices", prices, "best", best);
        } finally {
            MDC.remove("req");
        }
    }

    /** Asks every source at once, each in a task of one group; a failing source cancels the others. */
    private static Map<String, Integer> askAll(String symbol, long delayMs) {
        Map<String, Task<Integer>> tasks = Spindle.taskGroup(tg -> {
            Map<String, Task<Integer>> started = new LinkedHashMap<>();
            for (String source : SOURCES) {
                started.put(source, tg.createTask(source, () -> ask(source, symbol, delayMs)));
            }
            return started;
        });
        Map<String, Integer> prices = new LinkedHashMap<>();
        tasks.forEach((source, task) -> prices.put(source, task.resultNow()));
        return prices;
    }

    /** One source: a little latency, then a price. Runs in its own Spindle task. */
    private static int ask(String source, String symbol, long delayMs) {
        Spindle.sleep(Duration.ofMillis(10 + ThreadLocalRandom.current().nextInt(20) + delayMs));
        int price = 100 + Math.floorMod((source + symbol).hashCode(), 50);
        LOG.info("source {} answered {} for {}", source, price, symbol);
        return price;
    }
}
