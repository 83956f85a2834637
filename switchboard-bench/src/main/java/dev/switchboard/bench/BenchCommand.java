package dev.switchboard.bench;

import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code switchboard-bench}: benchmarks that start the simulator and the gateway as processes, load
 * them, and write a Markdown result file to {@code bench/results/}.
 */
@Command(name = "switchboard-bench", mixinStandardHelpOptions = true, version = "switchboard-bench 0.1.0",
        description = "Benchmarks of the Switchboard gateway against its upstream simulator.",
        subcommands = {LatencyCommand.class, ThroughputCommand.class, StreamsCommand.class, PiiCommand.class,
                SchemaCommand.class})
public final class BenchCommand implements Runnable {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=,+@%-]+");
    private static volatile List<String> arguments = List.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        arguments = List.of(args);
        int code = new CommandLine(new BenchCommand()).execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    /**
     * The command line as the user typed it: {@code bench/run} passes its own spelling in
     * {@code BENCH_COMMAND}; otherwise it is reconstructed as a {@code java -jar} call.
     */
    static String commandLine() {
        String prefix = System.getenv("BENCH_COMMAND_PREFIX");
        StringBuilder s = new StringBuilder(prefix != null && !prefix.isBlank() ? prefix
                : "java -jar switchboard-bench/target/switchboard-bench.jar");
        for (String a : arguments) {
            s.append(' ').append(PLAIN.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'");
        }
        return s.toString();
    }
}
