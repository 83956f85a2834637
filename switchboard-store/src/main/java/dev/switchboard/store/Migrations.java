package dev.switchboard.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the migrations of a classpath directory for one dialect.
 *
 * <p>The directory's {@code index.txt} lists them in order, one name per line
 * ({@code V1__init}); a classpath cannot be listed reliably, so the index is the source of truth.
 * For each name the dialect's own file ({@code V1__init.postgresql.sql}) is used if present,
 * otherwise the portable one ({@code V1__init.sql}).
 */
final class Migrations {

    static final String INDEX = "index.txt";
    private static final Pattern NAME = Pattern.compile("V([1-9][0-9]{0,8})__([A-Za-z0-9_]+)");

    private Migrations() {
    }

    /**
     * The migrations in {@code directory}, versions 1, 2, ... in order.
     *
     * @throws IllegalStateException when the index is missing, names a file that is not there, or
     *     its versions are not consecutive from 1 (a packaging mistake, not an operator's)
     */
    static List<Migration> load(String directory, Dialect dialect) {
        String index = read(directory + "/" + INDEX);
        if (index == null) {
            throw new IllegalStateException("no migrations index on the classpath at " + directory + "/" + INDEX);
        }
        List<Migration> migrations = new ArrayList<>();
        for (String line : index.split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            Matcher matcher = NAME.matcher(name);
            if (!matcher.matches()) {
                throw new IllegalStateException("bad migration name '" + name + "' in " + directory + "/" + INDEX
                        + ": expected V<version>__<description>, e.g. V2__usage_index");
            }
            int version = Integer.parseInt(matcher.group(1));
            if (version != migrations.size() + 1) {
                throw new IllegalStateException("migration " + name + " in " + directory + "/" + INDEX
                        + " should have version " + (migrations.size() + 1) + ": versions go 1, 2, 3, ... in order");
            }
            migrations.add(migration(directory, name, version, matcher.group(2).replace('_', ' '), dialect));
        }
        return List.copyOf(migrations);
    }

    private static Migration migration(String directory, String name, int version, String description, Dialect dialect) {
        String variant = directory + "/" + name + "." + dialect.migrationVariant() + ".sql";
        String portable = directory + "/" + name + ".sql";
        String sql = read(variant);
        String file = variant;
        if (sql == null) {
            sql = read(portable);
            file = portable;
        }
        if (sql == null) {
            throw new IllegalStateException("migration " + name + " is listed in " + directory + "/" + INDEX
                    + " but neither " + portable + " nor " + variant + " is on the classpath");
        }
        return new Migration(version, description, file, sql, sha256(sql));
    }

    /** The resource's text with line endings made {@code \n}, so a checkout's line endings do not change checksums. */
    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
