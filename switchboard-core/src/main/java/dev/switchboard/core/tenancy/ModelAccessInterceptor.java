package dev.switchboard.core.tenancy;

import dev.switchboard.core.api.ApiError;
import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.auth.AuthInterceptor;
import dev.switchboard.core.auth.Caller;
import dev.switchboard.core.pipeline.Interceptor;
import dev.switchboard.core.pipeline.Response;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Refuses (403) models a key may not use. A key's {@code models} are globs: {@code *} matches any
 * run of characters, {@code ?} one; no globs means every model.
 */
public final class ModelAccessInterceptor implements Interceptor {

    /** Globs compiled once; keys' globs are few and shared by every request. */
    private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

    @Override
    public Response intercept(Chain chain) {
        Caller caller = chain.exchange().get(AuthInterceptor.CALLER);
        if (caller != null) {
            String model = chain.exchange().requestedModel();
            if (!mayUse(caller, model)) {
                throw new ApiException(new ApiError(403, "permission_error", "model_not_allowed", "model",
                        "This API key may not use model '" + model + "'; it may use " + String.join(", ",
                                caller.key().models()) + "."));
            }
        }
        return chain.proceed();
    }

    /** Whether {@code caller} may use {@code model}: the check of every request, and of the model list. */
    public static boolean mayUse(Caller caller, String model) {
        if (caller.key() == null || caller.key().models().isEmpty()) {
            return true;
        }
        for (String glob : caller.key().models()) {
            if (COMPILED.computeIfAbsent(glob, ModelAccessInterceptor::toPattern).matcher(model).matches()) {
                return true;
            }
        }
        return false;
    }

    static Pattern toPattern(String glob) {
        StringBuilder regex = new StringBuilder(glob.length() + 8);
        for (String literal : glob.split("(?=[*?])|(?<=[*?])")) {
            regex.append(switch (literal) {
                case "*" -> ".*";
                case "?" -> ".";
                default -> Pattern.quote(literal);
            });
        }
        return Pattern.compile(regex.toString());
    }
}
