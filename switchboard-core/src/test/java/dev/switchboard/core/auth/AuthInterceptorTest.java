package dev.switchboard.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.core.api.ApiException;
import dev.switchboard.core.json.Json;
import dev.switchboard.core.pipeline.EventStream;
import dev.switchboard.core.pipeline.Exchange;
import dev.switchboard.core.pipeline.Operation;
import dev.switchboard.core.pipeline.Pipeline;
import dev.switchboard.core.pipeline.RequestHeaders;
import dev.switchboard.core.pipeline.Response;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthInterceptorTest {

    private static final String KEY = "sk-master-0123456789abcdef";

    private final AtomicReference<Exchange> reached = new AtomicReference<>();
    private final Response answer = Response.of(EventStream.of(List.of()));
    private final Pipeline pipeline = Pipeline.builder()
            .add("auth", new AuthInterceptor(KeyHashes.masterKey(KeyHashes.sha256(KEY))))
            .add("call", chain -> {
                reached.set(chain.exchange());
                return answer;
            })
            .build();

    private Response send(String authorization) {
        Map<String, String> headers = new HashMap<>();
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        return pipeline.execute(new Exchange(Operation.CHAT_COMPLETIONS, "req-1", RequestHeaders.of(headers),
                Json.object().put("model", "m"), 0));
    }

    private ApiException rejectionOf(String authorization) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> send(authorization));
        assertThat(e).as("rejection of %s", authorization).isNotNull();
        assertThat(e.error().status()).isEqualTo(401);
        assertThat(e.error().type()).isEqualTo("invalid_request_error");
        assertThat(reached.get()).isNull();
        return e;
    }

    @Test
    void rightKeyProceedsAsTheMasterCaller() {
        Response response = send("Bearer " + KEY);

        assertThat(response).isSameAs(answer);
        assertThat(reached.get().get(AuthInterceptor.CALLER)).isEqualTo(Caller.MASTER);
        assertThat(Caller.MASTER).isEqualTo(new Caller("master", true, null, null));
    }

    @Test
    void bearerSchemeIsCaseInsensitiveAndTheKeyIsTrimmed() {
        send("bearer " + KEY + "  ");

        assertThat(reached.get().get(AuthInterceptor.CALLER)).isEqualTo(Caller.MASTER);
    }

    @Test
    void missingHeaderIs401MissingApiKey() {
        ApiException e = rejectionOf(null);

        assertThat(e.error().code()).isEqualTo("missing_api_key");
        assertThat(e.error().message()).contains("Authorization: Bearer");
    }

    @ParameterizedTest(name = "''{0}'' is a missing key")
    @ValueSource(strings = {"", "   ", "Basic dXNlcjpwYXNz", "Token " + KEY, KEY, "Bearer", "Bearer:" + KEY})
    void headerWithoutABearerTokenIs401MissingApiKey(String authorization) {
        assertThat(rejectionOf(authorization).error().code()).isEqualTo("missing_api_key");
    }

    @ParameterizedTest(name = "''{0}'' is an invalid key")
    @ValueSource(strings = {"Bearer sk-wrong", "Bearer " + KEY + "x", "Bearer " + KEY + " extra", "Bearer    "})
    void wrongKeyIs401InvalidApiKey(String authorization) {
        ApiException e = rejectionOf(authorization);

        assertThat(e.error().code()).isEqualTo("invalid_api_key");
        assertThat(e.error().message()).doesNotContain("sk-wrong").doesNotContain(KEY);
    }

    @Test
    void authenticateReturnsTheCallerWithoutAPipeline() {
        AuthInterceptor auth = new AuthInterceptor(KeyHashes.masterKey(KeyHashes.sha256(KEY)));

        assertThat(auth.authenticate(name -> name.equals("authorization") ? "Bearer " + KEY : null))
                .isEqualTo(Caller.MASTER);
    }

    @Test
    void masterKeyVerifierKeepsItsOwnCopyOfTheHash() {
        byte[] hash = KeyHashes.sha256(KEY);
        KeyVerifier verifier = KeyHashes.masterKey(hash);

        hash[0] ^= 1;

        assertThat(verifier.verify(KEY)).isEqualTo(Caller.MASTER);
        assertThat(verifier.verify("other")).isNull();
    }

    @Test
    void sha256HexIsTheKnownDigest() {
        assertThat(KeyHashes.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(KeyHashes.sha256("abc")).hasSize(32);
    }

    @Test
    void generatedKeysAreThePrefixAnd40Base62Characters() {
        SecureRandom random = new SecureRandom();

        String key = KeyHashes.generate("sk-sb-", random);

        assertThat(key).matches("sk-sb-[A-Za-z0-9]{40}");
    }

    @Test
    void generatedKeysAreUniqueAndUseTheWholeAlphabet() {
        SecureRandom random = new SecureRandom();
        Set<String> keys = new HashSet<>();
        Set<Character> characters = new HashSet<>();

        for (int i = 0; i < 1_000; i++) {
            String key = KeyHashes.generate("", random);
            keys.add(key);
            key.chars().forEach(c -> characters.add((char) c));
        }

        assertThat(keys).hasSize(1_000);
        assertThat(characters).hasSize(62);
    }
}
