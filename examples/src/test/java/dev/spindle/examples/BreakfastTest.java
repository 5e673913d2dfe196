package dev.spindle.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BreakfastTest {

    /** A line printed by the program and when, in milliseconds since the program started. */
    record Line(String text, long atMillis) {}

    /** Collects whole lines written to it, each stamped with the time it was completed. */
    static final class StampingStream extends OutputStream {
        private final long start;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        final List<Line> lines = new ArrayList<>();

        StampingStream(long start) {
            this.start = start;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = pending.toString(StandardCharsets.UTF_8).replace("\r", "");
                lines.add(new Line(text, (System.nanoTime() - start) / 1_000_000));
                pending.reset();
            } else {
                pending.write(b);
            }
        }

        synchronized List<Line> lines() {
            return List.copyOf(lines);
        }
    }

    @Test
    void printsThePythonLinesInOrderWithToastAtOneSecondAndBreakfastAtTwo() {
        PrintStream original = System.out;
        long start = System.nanoTime();
        StampingStream out = new StampingStream(start);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        long total;
        try {
            Breakfast.main(new String[0]);
            total = System.nanoTime() - start;
        } finally {
            System.setOut(original);
        }
        List<Line> lines = out.lines();
        assertThat(lines).extracting(Line::text).containsExactly(
                "Grinding beans...",
                "Toasting bread...",
                "Toast ready!",
                "Coffee ready!",
                "Breakfast: Coffee and Toast");
        assertThat(lines.get(0).atMillis()).isLessThan(500);
        assertThat(lines.get(1).atMillis()).isLessThan(500);
        assertThat(lines.get(2).atMillis()).isBetween(1000L, 1500L);
        assertThat(lines.get(3).atMillis()).isBetween(2000L, 2500L);
        assertThat(lines.get(4).atMillis()).isBetween(lines.get(3).atMillis(), 2500L);
        assertThat(Duration.ofNanos(total)).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2500));
    }
}
