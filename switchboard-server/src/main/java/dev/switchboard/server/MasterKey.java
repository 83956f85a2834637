package dev.switchboard.server;

import dev.switchboard.core.auth.KeyHashes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Where the master key comes from, so that the server never runs open. In order: {@code
 * auth.master_key} in config, the {@code SWITCHBOARD_MASTER_KEY} environment variable, the hash
 * kept in the data directory, and finally a key generated on first start — printed once, with only
 * its SHA-256 kept, in {@code <data dir>/master-key.sha256}.
 *
 * @param hash SHA-256 of the key
 * @param source where it came from, for the banner
 * @param generatedKey the key in clear if it was generated just now (to print once), else null
 */
public record MasterKey(byte[] hash, String source, String generatedKey) {

    public static final String ENV = "SWITCHBOARD_MASTER_KEY";
    static final String HASH_FILE = "master-key.sha256";
    static final int MIN_LENGTH = 16;

    /**
     * @param configured {@code auth.master_key} from config, or null
     * @param env the process environment
     * @param dataDir the data directory (created if needed)
     * @throws IllegalArgumentException when the environment's key is too short, or the stored hash
     *     is unreadable — naming the fix
     */
    public static MasterKey resolve(String configured, java.util.Map<String, String> env, Path dataDir,
                                    SecureRandom random) {
        if (configured != null) {
            return new MasterKey(KeyHashes.sha256(configured), "auth.master_key in the config", null);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isEmpty()) {
            if (fromEnv.length() < MIN_LENGTH || fromEnv.chars().anyMatch(c -> c <= ' ' || c > '~')) {
                throw new IllegalArgumentException(ENV + " must be at least " + MIN_LENGTH
                        + " printable characters without spaces");
            }
            return new MasterKey(KeyHashes.sha256(fromEnv), "the " + ENV + " environment variable", null);
        }
        Path file = dataDir.resolve(HASH_FILE);
        try {
            if (Files.exists(file)) {
                String hex = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!hex.matches("[0-9a-f]{64}")) {
                    throw new IllegalArgumentException(file + " does not hold a SHA-256 hash; delete it to have a new"
                            + " master key generated, or set " + ENV);
                }
                return new MasterKey(HexFormat.of().parseHex(hex), "the hash stored in " + file, null);
            }
            String key = KeyHashes.generate("sk-sb-master-", random);
            Files.createDirectories(dataDir);
            Files.writeString(file, KeyHashes.sha256Hex(key) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system; the file holds only a hash
            }
            return new MasterKey(KeyHashes.sha256(key), "generated on first start; its hash is in " + file, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
