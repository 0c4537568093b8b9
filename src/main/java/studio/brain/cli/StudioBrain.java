package studio.brain.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import studio.brain.observability.EventLog;
import studio.brain.observability.SecretValueMasker;

/**
 * The one entry point: {@code java -jar studio-brain.jar [command]}. With no command it runs the hub.
 * Exit codes: 0 done, 1 failed, 2 invalid configuration or usage.
 */
@Command(name = "studio-brain", mixinStandardHelpOptions = true, version = "studio-brain 0.1.0",
        description = "Studio Brain: the studio's local control plane (Apache Camel connector hub).",
        subcommands = {RunCommand.class, MigrateCommand.class, ConfigCommand.class, LedgerCommand.class,
                RebuildCommand.class, BenchCommand.class, RetentionCommand.class,
                studio.brain.lint.LintCommand.class, DrillCommand.class})
public final class StudioBrain implements Callable<Integer> {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int INVALID_CONFIG = 2;

    private static final EventLog LOG = EventLog.of("hub");

    @Override
    public Integer call() throws Exception {
        return new RunCommand().call();
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return new CommandLine(new StudioBrain())
                .setExecutionExceptionHandler((error, commandLine, parseResult) -> {
                    // One clear line for the person, one event for the log; no stack trace, no secret.
                    String message = SecretValueMasker.maskText(String.valueOf(error.getMessage()));
                    LOG.error("hub.failed", null, "errorClass", error.getClass().getName(), "reason", message);
                    commandLine.getErr().println("Studio Brain stopped: " + message);
                    return FAILED;
                })
                .execute(args);
    }
}
