package dev.switchboard.store;

/**
 * Reads host, port and database from a {@code jdbc:postgresql:} URL for error messages, without
 * ever returning its parameters (which may hold a password).
 */
final class PostgresqlUrl {

    private static final String PREFIX = "jdbc:postgresql:";
    private static final String DEFAULT_PORT = "5432";

    private PostgresqlUrl() {
    }

    /** {@code host:port} (several, comma-separated, for a multi-host URL); the driver's defaults filled in. */
    static String address(String url) {
        String authority = authority(url);
        if (authority.isEmpty()) {
            return "localhost:" + DEFAULT_PORT;
        }
        StringBuilder address = new StringBuilder();
        for (String host : authority.split(",")) {
            if (!address.isEmpty()) {
                address.append(',');
            }
            boolean hasPort = host.startsWith("[") ? host.contains("]:") : host.contains(":");
            address.append(host).append(hasPort ? "" : ":" + DEFAULT_PORT);
        }
        return address.toString();
    }

    /** The database name in the URL's path, or empty when the URL names none. */
    static String database(String url) {
        String rest = url.substring(PREFIX.length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash >= 0 ? rest.substring(slash + 1) : "";
        }
        int query = rest.indexOf('?');
        return query >= 0 ? rest.substring(0, query) : rest;
    }

    private static String authority(String url) {
        String rest = url.substring(PREFIX.length());
        if (!rest.startsWith("//")) {
            return "";
        }
        rest = rest.substring(2);
        int end = rest.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = rest.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        String authority = rest.substring(0, end);
        return authority.substring(authority.lastIndexOf('@') + 1);
    }
}
