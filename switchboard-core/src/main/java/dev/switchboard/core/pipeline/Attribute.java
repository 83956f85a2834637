package dev.switchboard.core.pipeline;

/**
 * A typed key for a value one interceptor leaves on the {@link Exchange} for another (the caller's
 * identity, the chosen route). Compared by identity: declare each as a constant.
 *
 * @param <T> the value's type
 */
public final class Attribute<T> {

    private final String name;

    private Attribute(String name) {
        this.name = name;
    }

    public static <T> Attribute<T> named(String name) {
        return new Attribute<>(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
