package studio.brain.cli;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import sun.misc.Signal;
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
        // Ctrl-C and SIGTERM close the hub before the JVM's shutdown hooks run: the embedded PostgreSQL stops in a
        // hook of its own, and the hub must still record its stop and sign its last checkpoint while it is up.
        for (String name : new String[] {"INT", "TERM"}) {
            Signal.handle(new Signal(name), signal -> hub.close());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(hub::close, "hub-shutdown"));
        hub.awaitStop();
        return StudioBrain.OK;
    }
}
