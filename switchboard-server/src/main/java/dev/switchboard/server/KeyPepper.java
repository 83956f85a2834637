package dev.switchboard.server;

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
 * The install's secret mixed into virtual key hashes: {@code auth.key_pepper} from config, else
 * {@code <data dir>/key-pepper}, generated (256 random bits, mode 600) on first use. Kept apart
 * from the database, so that a copy of the database alone does not allow guessing keys.
 */
final class KeyPepper {

    static final String FILE = "key-pepper";

    private KeyPepper() {
    }

    static String resolve(String configured, Path dataDir, SecureRandom random) {
        if (configured != null) {
            return configured;
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String pepper = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (pepper.length() < 32) {
                    throw new IllegalArgumentException(file + " does not hold a key pepper; restore it from a backup"
                            + " (keys created with the old one stop working without it)");
                }
                return pepper;
            }
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            String pepper = HexFormat.of().formatHex(bytes);
            Files.createDirectories(dataDir);
            Files.writeString(file, pepper + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            return pepper;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write " + file, e);
        }
    }
}
