package com.example.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.DeadlineExceededException;
import dev.spindle.Spindle;
import dev.spindle.VirtualClock;
import dev.spindle.test.SpindleTest;
import dev.spindle.test.VirtualTime;
import java.time.Duration;
import java.time.Instant;

@VirtualTime(start = "2026-01-01T00:00:00Z")
class FiveHoursTest {

    @SpindleTest
    void fiveHoursOfSleepPassInAnInstant(VirtualClock clock) {
        long wallStart = System.nanoTime();
        Spindle.sleep(Duration.ofHours(5));
        assertEquals(Instant.parse("2026-01-01T05:00:00Z"), Spindle.now());
        assertEquals(Duration.ofHours(5), clock.elapsed());
        assertTrue(System.nanoTime() - wallStart < 1_000_000_000L, "five virtual hours took a second or more");
    }

    @SpindleTest
    void aTimeoutFiresAtItsVirtualDeadline() {
        assertThrows(DeadlineExceededException.class,
                () -> Spindle.timeout(Duration.ofMinutes(2), () -> {
                    Spindle.sleep(Duration.ofDays(1));
                    return null;
                }));
        assertEquals(Instant.parse("2026-01-01T00:02:00Z"), Spindle.now());
    }
}
