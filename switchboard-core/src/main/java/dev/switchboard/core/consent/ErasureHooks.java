package dev.switchboard.core.consent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The stores that must be erased when a subject asks to be forgotten, each under a name that
 * the erasure report shows. Thread-safe: stores may register at any time.
 */
public final class ErasureHooks {

    private static final System.Logger LOG = System.getLogger(ErasureHooks.class.getName());

    private final Map<String, ErasureHook> hooks = new LinkedHashMap<>();

    /**
     * Registers {@code hook} under {@code name}.
     *
     * @throws IllegalArgumentException when a hook of that name is registered already
     */
    public synchronized ErasureHooks register(String name, ErasureHook hook) {
        Objects.requireNonNull(hook, "hook");
        if (hooks.putIfAbsent(Objects.requireNonNull(name, "name"), hook) != null) {
            throw new IllegalArgumentException("an erasure hook named '" + name + "' is registered already");
        }
        return this;
    }

    /** The names of the registered hooks, in registration order. */
    public synchronized List<String> names() {
        return List.copyOf(hooks.keySet());
    }

    /**
     * Calls every hook for {@code subject}, in registration order; a hook that fails does not stop
     * the others.
     *
     * @return one result per hook, in registration order
     */
    public List<Result> erase(String subject) {
        Map<String, ErasureHook> copy;
        synchronized (this) {
            copy = new LinkedHashMap<>(hooks);
        }
        List<Result> results = new ArrayList<>(copy.size());
        copy.forEach((name, hook) -> {
            try {
                results.add(new Result(name, hook.erase(subject), null));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "erasure hook " + name + " failed", e);
                results.add(new Result(name, 0, e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
            }
        });
        return List.copyOf(results);
    }

    /**
     * What one hook erased.
     *
     * @param hook its name
     * @param erased how many items it removed
     * @param error why it failed, or null when it did not
     */
    public record Result(String hook, long erased, String error) {

        public boolean ok() {
            return error == null;
        }
    }
}
