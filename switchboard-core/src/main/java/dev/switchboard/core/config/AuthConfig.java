package dev.switchboard.core.config;

/**
 * How clients authenticate.
 *
 * @param masterKey the key that may call everything, usually {@code ${env:SWITCHBOARD_MASTER_KEY}};
 *     at least 16 characters. When absent, the {@code SWITCHBOARD_MASTER_KEY} environment variable
 *     is used, and failing that a key generated on first start (printed once; only its hash is
 *     kept in the data directory). The server never runs without a key.
 * @param keyPepper secret mixed into the hashes of virtual keys, so that a copy of the database
 *     alone does not allow guessing keys; at least 16 characters, usually
 *     {@code ${env:SWITCHBOARD_KEY_PEPPER}}. Replicas sharing a database must share it. Default: one
 *     generated on first start and kept in {@code <data dir>/key-pepper}
 */
public record AuthConfig(String masterKey, String keyPepper) {

    @Override
    public String toString() {
        return "AuthConfig[masterKey=" + (masterKey == null ? "unset" : "<redacted>") + ", keyPepper="
                + (keyPepper == null ? "unset" : "<redacted>") + "]";
    }
}
