package dev.spindle.examples;

import static dev.spindle.Spindle.run;
import static dev.spindle.Spindle.sleep;
import static dev.spindle.Spindle.taskGroup;
import static dev.spindle.Spindle.timeout;

import dev.spindle.DeadlineExceededException;
import dev.spindle.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/**
 * A small realistic job: ask four suppliers for a quote at once, keep what arrives within 500 ms, and
 * then reserve the cheapest offer at two warehouses together, where one failure must cancel the other.
 *
 * <p>It shows a {@link dev.spindle.TaskGroup} fanning out, a per-call {@code timeout} that cancels a slow
 * supplier, a failing supplier that does not spoil the others (its failure is handled inside its own
 * task), and a fail-fast group whose first failure cancels the sibling and reaches the caller.
 */
public final class DeadlineFanOut {

    private DeadlineFanOut() {}

    /** A supplier that answers after {@code latency}, or fails when {@code price} is negative. */
    record Supplier(String name, Duration latency, double price) {}

    /** What a supplier said. */
    record Quote(String supplier, double price) {}

    static final List<Supplier> SUPPLIERS = List.of(
            new Supplier("Acme", Duration.ofMillis(150), 12.50),
            new Supplier("Globex", Duration.ofMillis(300), 11.90),
            new Supplier("Initech", Duration.ofSeconds(5), 9.99),
            new Supplier("Umbrella", Duration.ofMillis(200), -1));

    static final Duration QUOTE_DEADLINE = Duration.ofMillis(500);

    /** Calls a supplier: a stand-in for an HTTP request. */
    static Quote fetchQuote(Supplier s) {
        try {
            sleep(s.latency());
        } catch (CancellationException e) {
            System.out.println(s.name() + ": request cancelled");
            throw e;
        }
        if (s.price() < 0) {
            throw new IllegalStateException(s.name() + " is down for maintenance");
        }
        return new Quote(s.name(), s.price());
    }

    /** Asks every supplier at once; each gets its own deadline, and a failure only loses that quote. */
    static List<Quote> collectQuotes() {
        return taskGroup("quotes", group -> {
            List<Task<Optional<Quote>>> asks = new ArrayList<>();
            for (Supplier s : SUPPLIERS) {
                asks.add(group.createTask(s.name(), () -> {
                    try {
                        return Optional.of(timeout(QUOTE_DEADLINE, () -> fetchQuote(s)));
                    } catch (DeadlineExceededException e) {
                        System.out.println(s.name() + ": no answer within " + QUOTE_DEADLINE.toMillis() + " ms");
                    } catch (IllegalStateException e) {
                        System.out.println(s.name() + ": unavailable (" + e.getMessage() + ")");
                    }
                    return Optional.empty();
                }));
            }
            List<Quote> quotes = new ArrayList<>();
            for (Task<Optional<Quote>> ask : asks) {
                ask.join().ifPresent(quotes::add);
            }
            quotes.sort(Comparator.comparingDouble(Quote::price));
            return quotes;
        });
    }

    /** Holds stock at a warehouse; the one in Lyon is out of stock after 100 ms. */
    static String reserve(String warehouse, Quote quote) {
        try {
            sleep(warehouse.equals("Lyon") ? 100 : 1000);
        } catch (CancellationException e) {
            System.out.println(warehouse + ": reservation cancelled, hold released");
            throw e;
        }
        if (warehouse.equals("Lyon")) {
            throw new IllegalStateException(warehouse + " has no stock from " + quote.supplier());
        }
        return warehouse + " reserved";
    }

    /**
     * Runs the job.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        run(() -> {
            List<Quote> quotes = collectQuotes();
            System.out.println("Quotes: " + quotes.stream().map(q -> q.supplier() + " " + q.price()).toList());
            Quote best = quotes.get(0);
            try {
                taskGroup("reservation", group -> {
                    group.createTask(() -> reserve("Lyon", best));
                    group.createTask(() -> reserve("Hamburg", best));
                    return null;
                });
            } catch (IllegalStateException e) {
                System.out.println("Reservation failed: " + e.getMessage());
            }
        });
    }
}
