package dev.switchboard.server.cli;

import dev.switchboard.core.config.ConfigException;
import dev.switchboard.store.StoreException;
import dev.switchboard.server.Gateway;
import dev.switchboard.server.GatewayOptions;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code switchboard serve}: runs the gateway until interrupted. */
@Command(name = "serve", description = "Run the OpenAI-compatible gateway.",
        mixinStandardHelpOptions = true, sortOptions = false)
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file (YAML), reloaded when it changes. Default: the built-in config, which"
                    + " serves the simulator.")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "Port to listen on; overrides server.port (default 8080).")
    Integer port;

    @Mixin
    DataDirOption dataDir;

    @Override
    public Integer call() {
        Gateway gateway;
        try {
            gateway = Gateway.start(GatewayOptions.of(config, port, dataDir.resolve(), System.getenv(), System.out));
        } catch (ConfigException e) {
            System.err.println("switchboard: the config cannot be used:");
            System.err.println(e.getMessage());
            return 2;
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 2;
        } catch (StoreException e) {
            System.err.println("switchboard: the store cannot be used: " + e.getMessage());
            return 2;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof BindException) {
                System.err.println("switchboard: cannot listen on the port: " + e.getCause().getMessage()
                        + " (choose another with --port)");
                return 1;
            }
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            stopped.countDown();
        }, "switchboard-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}
