package studio.brain.cli;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import studio.brain.config.HubConfig;
import studio.brain.hub.Hub;

@Command(name = "run", description = "Run the hub until stopped (the default command).")
final class RunCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Optional<HubConfig> config = ConfigLoading.load(System.err);
        if (config.isEmpty()) {
            return StudioBrain.INVALID_CONFIG;
        }
        Hub hub = Hub.start(config.get(), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(hub::close, "hub-shutdown"));
        hub.awaitStop();
        return StudioBrain.OK;
    }
}
