package dev.spindle.examples;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Runs a program with {@code System.out} captured line by line, each line stamped with when it was printed. */
final class StampedOutput extends OutputStream {

    /** A printed line and when, in milliseconds since the program started. */
    record Line(String text, long atMillis) {}

    /** What a program printed and how long it ran. */
    record Run(List<Line> lines, long totalMillis) {
        List<String> texts() {
            return lines.stream().map(Line::text).toList();
        }
    }

    private final long start;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final List<Line> lines = new ArrayList<>();

    private StampedOutput(long start) {
        this.start = start;
    }

    static Run capture(Runnable program) {
        PrintStream original = System.out;
        long start = System.nanoTime();
        StampedOutput out = new StampedOutput(start);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            program.run();
        } finally {
            System.setOut(original);
        }
        return new Run(out.lines(), (System.nanoTime() - start) / 1_000_000);
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

    private synchronized List<Line> lines() {
        return List.copyOf(lines);
    }
}
