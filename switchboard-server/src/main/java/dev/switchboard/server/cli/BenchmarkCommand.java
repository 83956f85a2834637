package dev.switchboard.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code switchboard benchmark}: in-process benchmarks whose results go to {@code bench/results/}. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "In-process benchmarks (the HTTP ones are bench/run).",
        subcommands = {RetrievalBenchmarkCommand.class, IngestionBenchmarkCommand.class})
final class BenchmarkCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
