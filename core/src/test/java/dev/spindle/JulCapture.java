package dev.spindle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what Spindle logs through its {@code System.Logger} named {@code "dev.spindle"}, which the
 * JDK backs with {@code java.util.logging} when no other logging framework is installed. While open,
 * the records go to this capture only, not to the console. Open it in a try-with-resources around the
 * run under test. Not thread-safe to open or close; records may arrive from any thread.
 */
final class JulCapture implements AutoCloseable {

    private final Logger logger; // a strong reference, so that the JUL logger and its handler are not collected
    private final boolean usedParentHandlers;
    private final Level previousLevel;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private JulCapture() {
        logger = Logger.getLogger("dev.spindle");
        usedParentHandlers = logger.getUseParentHandlers();
        previousLevel = logger.getLevel();
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.ALL);
    }

    /** Starts capturing. */
    static JulCapture start() {
        return new JulCapture();
    }

    /** Everything captured so far, in arrival order. */
    List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** The captured records at {@code level}. */
    List<LogRecord> at(Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level)).toList();
    }

    /** The captured records at {@code level} or more severe. */
    List<LogRecord> atLeast(Level level) {
        return records.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(usedParentHandlers);
        logger.setLevel(previousLevel);
    }
}
