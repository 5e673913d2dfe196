package dev.spindle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadlineFanOutTest {

    @Test
    void keepsQuotesThatArriveInTimeAndCancelsTheSlowSupplierAndTheSiblingReservation() {
        StampedOutput.Run run = StampedOutput.capture(() -> DeadlineFanOut.main(new String[0]));
        assertThat(run.texts()).containsExactly(
                "Umbrella: unavailable (Umbrella is down for maintenance)",
                "Initech: request cancelled",
                "Initech: no answer within 500 ms",
                "Quotes: [Globex 11.9, Acme 12.5]",
                "Hamburg: reservation cancelled, hold released",
                "Reservation failed: Lyon has no stock from Globex");
        // 500 ms for the quotes, then 100 ms until Lyon fails; Hamburg's 1 s hold never completes.
        assertThat(run.totalMillis()).isBetween(600L, 1400L);
    }
}
