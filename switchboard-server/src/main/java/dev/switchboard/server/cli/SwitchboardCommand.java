package dev.switchboard.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code switchboard} command and its subcommands. */
@Command(name = "switchboard", mixinStandardHelpOptions = true, version = "switchboard 0.1.0",
        description = "Self-hosted, OpenAI-compatible LLM gateway.",
        subcommands = {ServeCommand.class, TenantsCommand.class, KeysCommand.class, UsageCommand.class, ConsentCommand.class,
                SimCommand.class, RedactCommand.class, ClassifyCommand.class, EvaluateCommand.class, IngestCommand.class,
                QueryCommand.class, BenchmarkCommand.class,
                CommandLine.HelpCommand.class})
public final class SwitchboardCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Runs the command line; returns the exit code. */
    public static int run(String... args) {
        Logging.configure();
        return new CommandLine(new SwitchboardCommand()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
