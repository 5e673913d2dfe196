package dev.spindle.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Time arithmetic saturates instead of overflowing; nanoTime deadlines stay right by difference. */
class NanosTest {

    @Test
    void durationsSaturateAtZeroAndAtTheLargestLong() {
        assertThat(Nanos.of(Duration.ofMillis(5))).isEqualTo(5_000_000L);
        assertThat(Nanos.of(Duration.ZERO)).isZero();
        assertThat(Nanos.of(Duration.ofSeconds(-1))).isZero();
        assertThat(Nanos.of(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(Nanos.of(Duration.ofSeconds(Long.MIN_VALUE))).isZero();
    }

    @Test
    void timeUntilAnInstantSaturates() {
        assertThat(Nanos.until(Instant.now().minusSeconds(1))).isZero();
        assertThat(Nanos.until(Instant.MIN)).isZero();
        assertThat(Nanos.until(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
        assertThat(Nanos.until(Instant.now().plusSeconds(60))).isBetween(50_000_000_000L, 60_000_000_000L);
    }

    @Test
    void aDeadlineComparedByDifferenceIsRightEvenForTheLargestTimeout() {
        long far = Nanos.deadline(Long.MAX_VALUE);
        assertThat(far - System.nanoTime()).isPositive().isGreaterThan(Long.MAX_VALUE / 2);
        long soon = Nanos.deadline(1_000_000_000L);
        assertThat(soon - System.nanoTime()).isBetween(0L, 1_000_000_000L);
    }

    @Test
    void instantsSaturateAtTheEndsOfTheTimeLine() {
        Instant now = Instant.now();
        assertThat(Nanos.plus(now, Duration.ofSeconds(1))).isEqualTo(now.plusSeconds(1));
        assertThat(Nanos.plus(now, Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Instant.MAX);
        assertThat(Nanos.plus(now, Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Instant.MIN);
    }
}
