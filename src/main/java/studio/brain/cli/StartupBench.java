package studio.brain.cli;

import picocli.CommandLine.Command;

@Command(name = "startup", description = "Cold start to ready, and resident memory after start.")
final class StartupBench implements Runnable {
    @Override
    public void run() {
        throw new UnsupportedOperationException("written below");
    }
}
