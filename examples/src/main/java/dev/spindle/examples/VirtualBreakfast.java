package dev.spindle.examples;

import dev.spindle.Runner;
import dev.spindle.VirtualClock;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The {@link Breakfast}, unchanged, in a run with virtual time: the same five lines, "Toast ready!" at
 * virtual second 1 and the rest at virtual second 2, without waiting two seconds. Each line the run prints
 * is stamped with the virtual time it was printed at:
 *
 * <pre>
 * [virtual 0.000 s] Grinding beans...
 * [virtual 0.000 s] Toasting bread...
 * [virtual 1.000 s] Toast ready!
 * [virtual 2.000 s] Coffee ready!
 * [virtual 2.000 s] Breakfast: Coffee and Toast
 * virtual time 2.000 s, wall-clock time 250 ms
 * </pre>
 *
 * <p>Nearly all of that wall-clock time is the loading of Spindle's classes, which the first run of a JVM
 * pays whatever its clock (on the system clock the breakfast takes 2 s plus the same loading); a
 * virtual-time run after the first in the JVM takes a millisecond or two.
 */
public final class VirtualBreakfast {

    private VirtualBreakfast() {}

    /**
     * Runs the breakfast under virtual time.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        VirtualClock clock = VirtualClock.autoAdvancing();
        PrintStream console = System.out;
        long wallStart = System.nanoTime();
        System.setOut(new PrintStream(new VirtualStamps(console, clock), true, StandardCharsets.UTF_8));
        try {
            Runner.create().withName("breakfast").withVirtualTime(clock).run(Breakfast::makeBreakfast);
        } finally {
            System.setOut(console);
        }
        long wallMillis = (System.nanoTime() - wallStart) / 1_000_000;
        console.println("virtual time " + seconds(clock.elapsed()) + ", wall-clock time " + wallMillis + " ms");
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%d.%03d s", d.toSeconds(), d.toMillisPart());
    }

    /** Writes each line to {@code out} behind the virtual time it was finished at. Lines come whole from println. */
    private static final class VirtualStamps extends OutputStream {
        private final PrintStream out;
        private final VirtualClock clock;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        VirtualStamps(PrintStream out, VirtualClock clock) {
            this.out = out;
            this.clock = clock;
        }

        @Override
        public synchronized void write(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8).replace("\r", "");
            line.reset();
            out.println("[virtual " + seconds(clock.elapsed()) + "] " + text);
        }
    }
}
