package dev.switchboard.server.cli;

import dev.switchboard.core.config.ConfigException;
import dev.switchboard.core.config.ConfigLoader;
import dev.switchboard.core.config.SwitchboardConfig;
import dev.switchboard.server.AdminAccess;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options shared by the commands that manage tenants, keys and usage: they work on the store named
 * by the config (the SQLite file in the data directory by default), whether or not a gateway is
 * running; a running gateway sees changes within its key refresh interval.
 */
final class AdminSession {

    @Option(names = "--config", paramLabel = "FILE", description = "Config file whose store to use (default: the"
            + " built-in config, whose store is the SQLite file in the data directory).")
    Path config;

    @Mixin
    DataDirOption dataDir;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    /** Opens the store and the admin operations on it. */
    AdminAccess open() throws ConfigException {
        ConfigLoader loader = AdminAccess.configLoader(System.getenv());
        SwitchboardConfig loaded = config != null ? loader.load(config) : loader.loadDefault();
        return AdminAccess.open(loaded, dataDir.resolve());
    }
}
