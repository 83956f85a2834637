package dev.switchboard.core.config;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.time.Duration;

/**
 * The HTTP listener and the limits that protect it.
 *
 * @param host interface to bind; default {@code 0.0.0.0} (all)
 * @param port TCP port; default 8080; {@code --port} overrides it
 * @param maxBodyBytes largest request body accepted, in bytes (also "4MiB", "512KiB"); larger
 *     bodies get 413; default 4 MiB
 * @param maxMessages most {@code messages} a chat request may carry; default 2048
 * @param readTimeout longest silence while a client sends a request body before its connection is
 *     closed, so that stalled clients cannot hold resources; default 30s
 * @param idleTimeout a kept-alive connection without a request for this long is closed (so is one
 *     whose client stalls before finishing its request line); default 60s
 * @param maxConnections most client connections open at once; further ones wait to be accepted;
 *     default 10000
 * @param configPollInterval how often the config file is checked for changes; {@code 0} disables
 *     reloading; default 1s
 * @param maxSchedulingDelay load shedding: when work waits longer than this for a CPU, new model
 *     requests are refused with 503 and {@code retry-after} (some at once, all at twice this) until
 *     the server catches up; {@code 0} disables it; default 100ms
 * @param serverTiming send the W3C {@code Server-Timing} header on model responses (the gateway's
 *     own time and the upstream's, in milliseconds); default true
 */
public record ServerConfig(String host, Integer port,
                           @JsonDeserialize(using = ByteSizes.Deserializer.class) Long maxBodyBytes,
                           Integer maxMessages, Duration readTimeout, Duration idleTimeout, Integer maxConnections,
                           Duration configPollInterval, Duration maxSchedulingDelay, Boolean serverTiming) {

    public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;

    public ServerConfig {
        host = host != null ? host : "0.0.0.0";
        port = port != null ? port : 8080;
        maxBodyBytes = maxBodyBytes != null ? maxBodyBytes : DEFAULT_MAX_BODY_BYTES;
        maxMessages = maxMessages != null ? maxMessages : 2048;
        readTimeout = readTimeout != null ? readTimeout : Duration.ofSeconds(30);
        idleTimeout = idleTimeout != null ? idleTimeout : Duration.ofSeconds(60);
        maxConnections = maxConnections != null ? maxConnections : 10_000;
        configPollInterval = configPollInterval != null ? configPollInterval : Duration.ofSeconds(1);
        maxSchedulingDelay = maxSchedulingDelay != null ? maxSchedulingDelay : Duration.ofMillis(100);
        serverTiming = serverTiming != null ? serverTiming : true;
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, maxBodyBytes, maxMessages, readTimeout, idleTimeout, maxConnections,
                configPollInterval, maxSchedulingDelay, serverTiming);
    }
}
