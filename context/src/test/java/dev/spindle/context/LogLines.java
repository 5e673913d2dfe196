package dev.spindle.context;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Captures the lines Logback renders for one logger, with the pattern {@code req=%X{req} %msg}, while
 * open. Records may arrive from any thread.
 */
final class LogLines extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final Logger logger;
    private final PatternLayout layout = new PatternLayout();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    LogLines(String loggerName) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        logger = context.getLogger(loggerName);
        layout.setContext(context);
        layout.setPattern("req=%X{req} %msg");
        layout.start();
        setContext(context);
        start();
        logger.addAppender(this);
        logger.setLevel(ch.qos.logback.classic.Level.INFO);
        logger.setAdditive(false);
    }

    @Override
    protected void append(ILoggingEvent event) {
        lines.add(layout.doLayout(event));
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void close() {
        logger.detachAppender(this);
        stop();
    }
}
