package dev.switchboard.core.provider;

import dev.switchboard.core.config.ProviderConfig;
import dev.switchboard.core.spi.ProblemSink;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.spi.ProviderFactory;
import dev.switchboard.core.spi.UpstreamRequest;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Any server that speaks OpenAI's API: vLLM, TGI, Ollama, llama.cpp, OpenAI itself. Requests go to
 * {@code base_url + /chat/completions} (or {@code /embeddings}) with the API key, if any, as a
 * bearer token.
 */
public final class OpenAiProvider extends HttpProvider {

    public OpenAiProvider(String name, String baseUrl, String apiKey, Map<String, String> headers, boolean streamUsage,
                          UpstreamHttp http) {
        super(name, baseUrl, withAuth("Authorization", apiKey == null || apiKey.isEmpty() ? null : "Bearer " + apiKey,
                headers), streamUsage, http);
    }

    @Override
    protected String path(UpstreamRequest request) {
        return basePath() + request.operation().path();
    }

    /** {@code headers} with an authentication header first, unless {@code value} is null. */
    static Map<String, String> withAuth(String header, String value, Map<String, String> headers) {
        Map<String, String> all = new LinkedHashMap<>();
        if (value != null) {
            all.put(header, value);
        }
        all.putAll(headers);
        return all;
    }

    /** Checks that {@code base_url} is an absolute http(s) URL. */
    static void checkBaseUrl(ProviderConfig config, ProblemSink problems, String example) {
        if (config.baseUrl() == null || config.baseUrl().isBlank()) {
            problems.report("base_url", "is required, e.g. " + example);
        } else {
            try {
                Origin.of(URI.create(config.baseUrl()));
            } catch (IllegalArgumentException e) {
                problems.report("base_url", "must be an http:// or https:// URL, was '" + config.baseUrl() + "'");
            }
        }
        if (config.apiKey() != null && !config.apiKey().matches("[\\x21-\\x7e]*")) {
            problems.report("api_key", "must be printable ASCII without spaces");
        }
    }

    /** Creates {@code type: openai} providers. */
    public static final class Factory implements ProviderFactory {
        @Override
        public String type() {
            return "openai";
        }

        @Override
        public void validate(ProviderConfig config, ProblemSink problems) {
            checkBaseUrl(config, problems, "http://10.0.0.5:8000/v1");
            if (config.apiVersion() != null) {
                problems.report("api_version", "applies to type azure-openai only");
            }
            if (config.simulator() != null) {
                problems.report("simulator", "applies to type simulator only");
            }
        }

        @Override
        public Provider create(String name, ProviderConfig config, UpstreamHttp http) {
            return new OpenAiProvider(name, config.baseUrl(), config.apiKey(), config.headers(), config.streamUsage(), http);
        }
    }
}
