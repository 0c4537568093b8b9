package studio.brain.cli;

import java.io.PrintStream;
import java.util.Optional;
import studio.brain.config.ConfigLoader;
import studio.brain.config.ConfigProblem;
import studio.brain.config.HubConfig;
import studio.brain.config.InvalidConfigException;
import studio.brain.observability.EventLog;

/** Loads the configuration for a command, and on failure tells the person every problem (never a secret). */
final class ConfigLoading {
    private static final EventLog LOG = EventLog.of("config");

    private ConfigLoading() {
    }

    static Optional<HubConfig> load(PrintStream err) {
        try {
            HubConfig config = ConfigLoader.fromEnvironment();
            LOG.info("config.validated", "outcome", "pass");
            return Optional.of(config);
        } catch (InvalidConfigException e) {
            LOG.warn("config.validated", "outcome", "fail",
                    "problems", e.problems().stream().map(ConfigProblem::toString).toList());
            err.println("Studio Brain cannot start: the configuration has " + e.problems().size()
                    + (e.problems().size() == 1 ? " problem" : " problems") + ".");
            e.problems().forEach(p -> err.println("  - " + p));
            err.println("Fix these environment variables (see README, Configuration) and start again.");
            return Optional.empty();
        }
    }
}
