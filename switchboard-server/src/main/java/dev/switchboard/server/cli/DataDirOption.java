package dev.switchboard.server.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}, shared by every command that keeps state. */
final class DataDirOption {

    static final String ENV = "SWITCHBOARD_DATA_DIR";

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where state is kept. Default: $" + ENV + ", else ./data")
    Path dataDir;

    /** {@code --data-dir}, else {@code $SWITCHBOARD_DATA_DIR}, else {@code ./data}. */
    Path resolve() {
        if (dataDir != null) {
            return dataDir;
        }
        String fromEnv = System.getenv(ENV);
        return Path.of(fromEnv != null && !fromEnv.isBlank() ? fromEnv : "data");
    }
}
