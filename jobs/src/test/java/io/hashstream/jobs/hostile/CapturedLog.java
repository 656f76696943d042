package io.hashstream.jobs.hostile;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Captures everything logged at INFO and above in this JVM (Kafka clients, Flink, the job) while open,
 * with stack traces, and raises the Kafka and Flink loggers to INFO meanwhile, so that client
 * configurations (which Kafka logs in full at INFO) are part of what is checked for secrets.
 */
final class CapturedLog extends AbstractAppender implements AutoCloseable {
    private static final String[] LOUD = {"org.apache.kafka", "org.apache.flink", "io.hashstream"};

    private final Queue<String> lines = new ConcurrentLinkedQueue<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final java.util.Map<String, Level> previous = new java.util.HashMap<>();

    CapturedLog() {
        super("captured", null, null, true, Property.EMPTY_ARRAY);
        start();
        Configuration config = context.getConfiguration();
        config.addAppender(this);
        for (String name : LOUD) {
            LoggerConfig logger = config.getLoggerConfig(name);
            if (!logger.getName().equals(name)) {
                logger = new LoggerConfig(name, Level.INFO, true);
                config.addLogger(name, logger);
            }
            previous.put(name, logger.getLevel());
            logger.setLevel(Level.INFO);
        }
        config.getRootLogger().addAppender(this, Level.INFO, null);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                .append(event.getMessage().getFormattedMessage());
        if (event.getThrown() != null) {
            StringWriter trace = new StringWriter();
            event.getThrown().printStackTrace(new PrintWriter(trace));
            line.append('\n').append(trace);
        }
        lines.add(line.toString());
    }

    /** Everything captured so far, one entry per log event. */
    String text() {
        return String.join("\n", lines);
    }

    int events() {
        return lines.size();
    }

    @Override
    public void close() {
        Configuration config = context.getConfiguration();
        config.getRootLogger().removeAppender(getName());
        previous.forEach((name, level) -> config.getLoggerConfig(name).setLevel(level));
        context.updateLoggers();
        stop();
    }
}
