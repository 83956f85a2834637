package dev.switchboard.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code switchboard evaluate}: offline accuracy evaluations against labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure detection, classification and retrieval accuracy on labelled data (offline, no server needed).",
        subcommands = {PiiEvaluationCommand.class, InjectionEvaluationCommand.class, ModerationEvaluationCommand.class,
                RetrievalEvaluationCommand.class})
final class EvaluateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }
}
