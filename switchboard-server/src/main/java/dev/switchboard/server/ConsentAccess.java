package dev.switchboard.server;

import dev.switchboard.core.config.ConsentConfig;
import dev.switchboard.core.consent.ErasureHooks;
import dev.switchboard.server.admin.ConsentAdmin;
import dev.switchboard.store.ConsentStore;
import dev.switchboard.store.StoreSettings;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.InstantSource;

/**
 * The consent store and the operations on it, for the gateway and the CLI alike. Its
 * {@link ErasureHooks} start with the consent store itself ({@value #CONSENT_HOOK}); other stores
 * holding subjects' data register theirs with {@link #erasureHooks()}.
 */
public final class ConsentAccess implements AutoCloseable {

    static final String DATABASE_FILE = "consent.db";
    /** The name the consent store's own erasure reports under. */
    public static final String CONSENT_HOOK = "consent";

    final ConsentStore store;
    private final ErasureHooks hooks = new ErasureHooks();
    private final ConsentAdmin admin;
    private volatile Runnable beforeErase = () -> { };
    private volatile Runnable onChange = () -> { };

    private ConsentAccess(ConsentStore store, ConsentConfig config, InstantSource clock) {
        this.store = store;
        hooks.register(CONSENT_HOOK, subject -> {
            beforeErase.run(); // queued uses first, so none brings the subject back after the erasure
            return store.erase(subject);
        });
        this.admin = new ConsentAdmin(store, hooks, config.defaultRetention(), clock, new SecureRandom(),
                () -> onChange.run());
    }

    /** Opens the consent store of {@code config} (the SQLite file {@value #DATABASE_FILE} in {@code dataDir} by default). */
    public static ConsentAccess open(ConsentConfig config, Path dataDir, InstantSource clock) {
        return new ConsentAccess(ConsentStore.open(settings(config, dataDir)), config, clock);
    }

    static StoreSettings settings(ConsentConfig config, Path dataDir) {
        return config.url() == null ? StoreSettings.sqlite(dataDir.resolve(DATABASE_FILE))
                : new StoreSettings(config.url(), config.user(), config.password());
    }

    public ConsentAdmin admin() {
        return admin;
    }

    /** The stores an erasure request erases; register more with {@link ErasureHooks#register}. */
    public ErasureHooks erasureHooks() {
        return hooks;
    }

    /** Runs {@code action} before the consent store erases a subject (the gateway flushes queued uses). */
    void beforeErase(Runnable action) {
        this.beforeErase = action;
    }

    /** Runs {@code action} after every grant, revocation and erasure made through {@link #admin()}. */
    void onChange(Runnable action) {
        this.onChange = action;
    }

    @Override
    public void close() {
        store.close();
    }
}
