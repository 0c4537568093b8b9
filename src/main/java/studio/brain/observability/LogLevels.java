package studio.brain.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Applies {@code STUDIO_BRAIN_LOG_LEVEL} to the hub's own loggers. */
public final class LogLevels {
    private LogLevels() {
    }

    public static void apply(String level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            Logger logger = context.getLogger("studio.brain");
            logger.setLevel(Level.toLevel(level, Level.INFO));
        }
    }
}
