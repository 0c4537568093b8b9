package studio.brain.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import studio.brain.config.HubConfig;

@Command(name = "config", description = "Inspect the configuration.", subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return new Check().call();
    }

    @Command(name = "check", description = "Validate the configuration and print it, secrets redacted.")
    static final class Check implements Callable<Integer> {
        @Override
        public Integer call() {
            Optional<HubConfig> config = ConfigLoading.load(System.err);
            if (config.isEmpty()) {
                return StudioBrain.INVALID_CONFIG;
            }
            config.get().describe().forEach((name, value) -> System.out.printf("%-40s %s%n", name, value));
            System.out.println("Configuration OK.");
            return StudioBrain.OK;
        }
    }
}
