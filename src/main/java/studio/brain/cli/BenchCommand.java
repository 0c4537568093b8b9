package studio.brain.cli;

import picocli.CommandLine.Command;

@Command(name = "bench", description = "Measure the hub on this machine; results go to docs/BENCHMARKS.md.",
        subcommands = {StartupBench.class, LedgerBench.class, GateBench.class, RestBench.class, IntakeBench.class})
final class BenchCommand {
}
