package dev.spindle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DeadlineFanOutTest {

    @Test
    void keepsQuotesThatArriveInTimeAndCancelsTheSlowSupplierAndTheSiblingReservation() {
        PrintStream original = System.out;
        long start = System.nanoTime();
        BreakfastTest.StampingStream out = new BreakfastTest.StampingStream(start);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        long total;
        try {
            DeadlineFanOut.main(new String[0]);
            total = System.nanoTime() - start;
        } finally {
            System.setOut(original);
        }
        assertThat(out.lines()).extracting(BreakfastTest.Line::text).containsExactly(
                "Umbrella: unavailable (Umbrella is down for maintenance)",
                "Initech: request cancelled",
                "Initech: no answer within 500 ms",
                "Quotes: [Globex 11.9, Acme 12.5]",
                "Hamburg: reservation cancelled, hold released",
                "Reservation failed: Lyon has no stock from Globex");
        // 500 ms for the quotes, then 100 ms until Lyon fails; Hamburg's 1 s hold never completes.
        assertThat(Duration.ofNanos(total)).isBetween(Duration.ofMillis(600), Duration.ofMillis(1400));
    }
}
