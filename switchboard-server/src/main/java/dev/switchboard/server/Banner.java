package dev.switchboard.server;

import java.io.PrintStream;
import java.nio.file.Path;

/** What the server says on start: where it listens, what it serves, and how to authenticate. */
final class Banner {

    private Banner() {
    }

    static void print(PrintStream out, Gateway gateway, GatewayState state, MasterKey key, Path configFile,
                      Path dataDir) {
        String host = state.config().server().host();
        String shownHost = host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        out.println();
        out.println("Switchboard is listening on port " + gateway.port()
                + " - OpenAI-compatible API at http://" + shownHost + ":" + gateway.port() + "/v1");
        out.println("  config:     " + (configFile != null ? configFile.toAbsolutePath()
                + " (reloaded when it changes)" : "built-in default (no --config given)"));
        out.println("  data dir:   " + dataDir.toAbsolutePath());
        out.println("  models:     " + String.join(", ", state.routes().names()));
        out.println("  master key: " + key.source());
        if (!state.simulatedModels().isEmpty()) {
            out.println();
            out.println("  SIMULATOR: " + String.join(", ", state.simulatedModels().stream().sorted().toList())
                    + (state.simulatedModels().size() == 1 ? " is" : " are") + " answered by Switchboard's built-in");
            out.println("  simulator, which returns synthetic text - no language model is involved. Configure");
            out.println("  real providers in a config file: ./switchboard serve --config switchboard.yaml");
            out.println("  (see docs/configuration.md).");
        }
        if (key.generatedKey() != null) {
            printGeneratedKey(out, key);
        }
        out.println();
        out.flush();
    }

    static void printGeneratedKey(PrintStream out, MasterKey key) {
        out.println();
        out.println("  A master key was generated. It is shown only this once; only its hash is kept:");
        out.println();
        out.println("      " + key.generatedKey());
        out.println();
        out.println("  Use it as the API key: Authorization: Bearer <key>. To choose your own, set");
        out.println("  SWITCHBOARD_MASTER_KEY or auth.master_key in the config.");
    }
}
