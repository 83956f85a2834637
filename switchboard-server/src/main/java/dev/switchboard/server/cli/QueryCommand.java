package dev.switchboard.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.config.ConfigException;
import dev.switchboard.core.json.Json;
import dev.switchboard.retrieval.Retrieval;
import dev.switchboard.retrieval.search.SearchMode;
import dev.switchboard.retrieval.store.Filter;
import dev.switchboard.retrieval.store.Hit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code switchboard query --collection NAME --top-k 10 --mode hybrid --json < queries.jsonl}: one
 * search per input line, offline. With {@code --json} each line is {@code {"_id", "text"}} and each
 * output line {@code {"_id", "results": [{"id": document id, "score"}]}}, best first, one result per
 * document (its best chunk) — the run format evaluations read. Without it each line is a query
 * and the output is readable text.
 */
@Command(name = "query", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Search a retrieval collection with the queries on stdin (offline).")
final class QueryCommand implements Callable<Integer> {

    @Option(names = "--collection", required = true, paramLabel = "NAME", description = "The collection.")
    String collection;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "10", description = "Documents per query (default ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "hybrid",
            description = "hybrid, vector, keyword or exact (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--filter", paramLabel = "FIELD=VALUE", description = "Only chunks whose metadata FIELD is VALUE (repeatable).")
    List<String> filters;

    @Option(names = "--json", description = "Read {\"_id\", \"text\"} lines, write {\"_id\", \"results\"} lines.")
    boolean json;

    @Option(names = "--config", paramLabel = "FILE", description = "Config whose retrieval section to use.")
    Path config;

    @Mixin
    DataDirOption dataDir;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    QueryCommand() {
        this(System.in, System.out, System.err);
    }

    QueryCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        SearchMode searchMode = SearchMode.parse(mode.toLowerCase(Locale.ROOT)).orElse(null);
        if (searchMode == null) {
            err.println("switchboard: --mode must be hybrid, vector, keyword or exact; was " + mode);
            return 2;
        }
        Map<String, Set<String>> fields = new LinkedHashMap<>();
        for (String filter : filters == null ? List.<String>of() : filters) {
            int eq = filter.indexOf('=');
            if (eq < 1) {
                err.println("switchboard: --filter must be FIELD=VALUE; was " + filter);
                return 2;
            }
            fields.computeIfAbsent(filter.substring(0, eq), f -> new java.util.LinkedHashSet<>()).add(filter.substring(eq + 1));
        }
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
        int failures = 0;
        try (retrieval; BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            retrieval.collection(collection);
            long number = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                String id = null;
                String text = line;
                if (json) {
                    JsonNode node;
                    try {
                        node = Json.parse(line.getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        node = null;
                    }
                    if (node == null || !node.path("text").isTextual()) {
                        err.println("switchboard: line " + number + ": expected {\"_id\": ..., \"text\": \"...\"}");
                        failures++;
                        continue;
                    }
                    id = node.path("_id").asText(String.valueOf(number));
                    text = node.path("text").textValue();
                }
                List<Hit> hits = retrieval.searchDocuments(collection,
                        new Retrieval.Query(text, searchMode, topK, fields, Filter.Access.EVERYTHING, null));
                print(id, hits);
            }
        } catch (ApiException e) {
            err.println("switchboard: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("switchboard: cannot read stdin: " + e.getMessage());
            return 1;
        } finally {
            out.flush();
        }
        return failures == 0 ? 0 : 1;
    }

    private void print(String id, List<Hit> hits) {
        if (json) {
            ObjectNode line = Json.object();
            line.put("_id", id);
            ArrayNode results = line.putArray("results");
            for (Hit hit : hits) {
                results.addObject().put("id", hit.chunk().documentId()).put("score", hit.score());
            }
            out.println(Json.string(line));
            return;
        }
        for (int i = 0; i < hits.size(); i++) {
            Hit hit = hits.get(i);
            out.println(String.format(Locale.ROOT, "%2d. %-24s %.4f  %s", i + 1, hit.chunk().documentId(), hit.score(),
                    hit.title() != null ? hit.title() : hit.chunk().text().lines().findFirst().orElse("")));
        }
        out.println();
    }
}
