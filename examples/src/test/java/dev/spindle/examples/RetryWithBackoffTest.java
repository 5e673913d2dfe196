package dev.spindle.examples;

import static dev.spindle.examples.RetryWithBackoff.serviceDownUntil;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.spindle.DeadlineExceededException;
import dev.spindle.Spindle;
import dev.spindle.Task;
import dev.spindle.VirtualClock;
import dev.spindle.examples.RetryWithBackoff.Attempt;
import dev.spindle.test.SpindleTest;
import dev.spindle.test.VirtualTime;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The retrying client under virtual time: every test covers minutes or hours of back-off in milliseconds
 * and asserts the exact virtual instant of each attempt.
 */
@VirtualTime(start = "2026-01-01T00:00:00Z")
class RetryWithBackoffTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NEVER = Instant.MAX;

    private final RetryWithBackoff client = new RetryWithBackoff(3, Duration.ofSeconds(30));

    @SpindleTest
    void aServiceThatStaysDownEndsInDeadlineExceededAtExactlyTwoMinutes() {
        assertThatThrownBy(() -> Spindle.timeout(Duration.ofMinutes(2), () -> client.call(serviceDownUntil(NEVER))))
                .isInstanceOf(DeadlineExceededException.class);
        assertThat(Spindle.now()).isEqualTo(START.plus(Duration.ofMinutes(2)));
        assertThat(instants(client.attempts())).as("the third back-off, 120 s from 00:01:30, is cut short at 00:02:00")
                .containsExactly(START, START.plusSeconds(30), START.plusSeconds(90));
        assertThat(client.attempts()).allSatisfy(a -> assertThat(a.failure()).isInstanceOf(IOException.class));
    }

    @SpindleTest
    void aServiceThatComesBackIsCalledAgainAfterThirtyThenSixtySeconds(VirtualClock clock) throws Exception {
        String result = Spindle.timeout(Duration.ofMinutes(2), () -> client.call(serviceDownUntil(START.plusSeconds(80))));
        assertThat(result).isEqualTo("ok");
        assertThat(instants(client.attempts())).containsExactly(START, START.plusSeconds(30), START.plusSeconds(90));
        assertThat(client.attempts().get(2).failure()).isNull();
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(90));
    }

    @SpindleTest
    void withoutADeadlineItGivesUpAfterThreeRetriesWithTheLastFailureAndTheEarlierOnesSuppressed() {
        assertThatThrownBy(() -> client.call(serviceDownUntil(NEVER)))
                .isSameAs(client.attempts().get(3).failure())
                .hasMessage("service unavailable")
                .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(client.attempts().get(0).failure(),
                        client.attempts().get(1).failure(), client.attempts().get(2).failure()));
        assertThat(instants(client.attempts()))
                .containsExactly(START, START.plusSeconds(30), START.plusSeconds(90), START.plusSeconds(210));
        assertThat(Spindle.now()).isEqualTo(START.plusSeconds(210));
    }

    @SpindleTest
    void theDeadlineCancelsAnAttemptInFlightAndItIsNotRetried() {
        RetryWithBackoff patient = new RetryWithBackoff(5, Duration.ofSeconds(30));
        // each attempt takes 50 s and then fails: attempts at 0 s and 80 s; the second is cut at 120 s
        assertThatThrownBy(() -> Spindle.timeout(Duration.ofMinutes(2), () -> patient.call(() -> {
            Spindle.sleep(Duration.ofSeconds(50));
            throw new IOException("bad gateway");
        }))).isInstanceOf(DeadlineExceededException.class);
        assertThat(instants(patient.attempts())).containsExactly(START);
        assertThat(Spindle.now()).isEqualTo(START.plusSeconds(120));
    }

    @SpindleTest
    void anOutageOfSixHoursIsRiddenOutByTenDoublingBackOffsInMilliseconds(VirtualClock clock) throws Exception {
        long wallStart = System.nanoTime();
        RetryWithBackoff persistent = new RetryWithBackoff(12, Duration.ofSeconds(30));
        String result = persistent.call(serviceDownUntil(START.plus(Duration.ofHours(6))));
        Duration wall = Duration.ofNanos(System.nanoTime() - wallStart);

        assertThat(result).isEqualTo("ok");
        // attempt n begins 30 s * (2^(n-1) - 1) after the first: 0, 30, 90, 210, ... 15330, then 30690 (8:31:30)
        List<Instant> expected = java.util.stream.IntStream.range(0, 11)
                .mapToObj(n -> START.plusSeconds(30L * ((1L << n) - 1))).toList();
        assertThat(instants(persistent.attempts())).isEqualTo(expected);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofHours(8).plusMinutes(31).plusSeconds(30));
        assertThat(wall).as("wall-clock time for eight and a half virtual hours").isLessThan(Duration.ofSeconds(1));
    }

    @SpindleTest
    @VirtualTime(manual = true, start = "2026-01-01T00:00:00Z")
    void aManualClockShowsEachBackOffEndingExactlyOnTime(VirtualClock clock) {
        Task<String> call = Spindle.createTask(() -> client.call(serviceDownUntil(START.plusSeconds(80))));
        clock.runCurrent();
        assertThat(client.attempts()).hasSize(1);
        clock.advanceBy(Duration.ofSeconds(29));
        assertThat(client.attempts()).as("at 29 s").hasSize(1);
        clock.advanceBy(Duration.ofSeconds(1));
        assertThat(client.attempts()).as("at 30 s, the first back-off's end").hasSize(2);
        clock.advanceBy(Duration.ofSeconds(60));
        assertThat(client.attempts()).as("at 90 s").hasSize(3);
        assertThat(call.join()).isEqualTo("ok");
        assertThat(instants(client.attempts())).containsExactly(START, START.plusSeconds(30), START.plusSeconds(90));
    }

    private static List<Instant> instants(List<Attempt> attempts) {
        return attempts.stream().map(Attempt::at).toList();
    }
}
