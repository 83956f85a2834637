package dev.switchboard.server.cli;

import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.config.ConfigException;
import dev.switchboard.core.time.Ticker;
import dev.switchboard.retrieval.Retrieval;
import dev.switchboard.retrieval.ingest.Ingestor;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code switchboard ingest --collection NAME PATH...}: indexes files and folders into a collection
 * (created with the config's default model, or {@code --model}, when missing), offline, into the
 * same store the server uses. Progress with rate and ETA on stderr; exit 1 when anything failed.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Index files and folders (.txt .md .html .pdf .docx, and .jsonl with one {\"_id\", \"title\","
                + " \"text\", \"metadata\"} per line) into a retrieval collection.")
final class IngestCommand implements Callable<Integer> {

    @Option(names = "--collection", required = true, paramLabel = "NAME", description = "The collection.")
    String collection;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Embedding model of a new collection (default: the config's retrieval.default_model).")
    String model;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "64",
            description = "Documents embedded together (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--config", paramLabel = "FILE", description = "Config whose retrieval section to use.")
    Path config;

    @Mixin
    DataDirOption dataDir;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders (walked recursively).")
    List<Path> paths;

    private final PrintStream err;
    private final Ticker ticker;

    IngestCommand() {
        this(System.err, Ticker.system());
    }

    IngestCommand(PrintStream err, Ticker ticker) {
        this.err = err;
        this.ticker = ticker;
    }

    @Override
    public Integer call() {
        Retrieval retrieval;
        try {
            retrieval = RetrievalCli.open(config, dataDir.resolve());
        } catch (ConfigException e) {
            err.println("switchboard: the config cannot be used:");
            err.println(e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            err.println("switchboard: " + e.getMessage());
            return 2;
        }
        try (retrieval) {
            if (retrieval.collections().stream().noneMatch(c -> c.name().equals(collection))) {
                retrieval.create(collection, model);
            } else if (model != null && !model.equals(retrieval.collection(collection).model())) {
                err.println("switchboard: collection '" + collection + "' was built with "
                        + retrieval.collection(collection).model() + ", not " + model);
                return 2;
            }
            IngestProgress progress = new IngestProgress(err, ticker);
            Ingestor.Report report = new Ingestor(retrieval, retrieval.settings().maxFileBytes(), Math.max(1, batch),
                    progress).ingest(collection, paths);
            progress.finish(report.unchanged(), report.failed());
            return report.failed() == 0 && progress.problems() == 0 ? 0 : 1;
        } catch (ApiException e) {
            err.println("switchboard: " + e.getMessage());
            return 2;
        }
    }
}
