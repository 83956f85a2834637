package dev.switchboard.server.cli;

import dev.switchboard.core.config.ConfigException;
import dev.switchboard.core.config.ConfigLoader;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.retrieval.Retrieval;
import dev.switchboard.server.AdminAccess;
import dev.switchboard.server.privacy.Privacy;
import dev.switchboard.server.retrieval.RetrievalSetup;
import java.nio.file.Path;
import java.security.SecureRandom;

/** Opens the retrieval collections of a config for the CLI commands, as the server would. */
final class RetrievalCli {

    private RetrievalCli() {
    }

    /**
     * @param config the config file, or null for the built-in default
     * @throws ConfigException when the config cannot be used
     * @throws IllegalStateException when the store cannot be opened (the message says why)
     */
    static Retrieval open(Path config, Path dataDir) throws ConfigException {
        ConfigLoader loader = AdminAccess.configLoader(System.getenv());
        SwitchboardConfig loaded = config != null ? loader.load(config) : loader.loadDefault();
        return RetrievalSetup.open(loaded.retrieval(), dataDir, () -> Privacy.from(loaded.privacy(), new SecureRandom()));
    }
}
