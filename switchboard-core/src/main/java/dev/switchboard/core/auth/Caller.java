package dev.switchboard.core.auth;

/**
 * Who is calling, as established by authentication.
 *
 * @param id stable identifier for logs and accounting, never the key itself (e.g. {@code master})
 * @param master whether the caller holds the master key and may use the admin API
 */
public record Caller(String id, boolean master) {

    public static final Caller MASTER = new Caller("master", true);
}
