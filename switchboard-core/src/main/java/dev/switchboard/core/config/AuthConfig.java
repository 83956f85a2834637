package dev.switchboard.core.config;

/**
 * How clients authenticate.
 *
 * @param masterKey the key that may call everything, usually {@code ${env:SWITCHBOARD_MASTER_KEY}};
 *     at least 16 characters. When absent, the {@code SWITCHBOARD_MASTER_KEY} environment variable
 *     is used, and failing that a key generated on first start (printed once; only its hash is
 *     kept in the data directory). The server never runs without a key.
 */
public record AuthConfig(String masterKey) {

    @Override
    public String toString() {
        return "AuthConfig[masterKey=" + (masterKey == null ? "unset" : "<redacted>") + "]";
    }
}
