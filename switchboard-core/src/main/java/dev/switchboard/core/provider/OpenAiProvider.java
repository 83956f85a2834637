package dev.switchboard.core.provider;

import dev.switchboard.core.config.ProviderConfig;
import dev.switchboard.core.spi.ProblemSink;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.spi.ProviderFactory;
import dev.switchboard.core.spi.UpstreamRequest;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Any server that speaks OpenAI's API: vLLM, TGI, Ollama, llama.cpp, OpenAI itself. Requests go to
 * {@code base_url + /chat/completions} (or {@code /embeddings}) with the API key, if any, as a
 * bearer token.
 */
public final class OpenAiProvider extends HttpProvider {

    private final String baseUrl;
    private final String apiKey;
    private final Map<String, String> headers;

    public OpenAiProvider(String name, String baseUrl, String apiKey, Map<String, String> headers, UpstreamHttp http) {
        super(name, http);
        this.baseUrl = stripTrailingSlash(baseUrl);
        this.apiKey = apiKey;
        this.headers = Map.copyOf(headers);
    }

    @Override
    protected String url(UpstreamRequest request) {
        return baseUrl + request.operation().path();
    }

    @Override
    protected void headers(Request.Builder builder) {
        if (apiKey != null && !apiKey.isEmpty()) {
            builder.header("authorization", "Bearer " + apiKey);
        }
        headers.forEach(builder::header);
    }

    static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Checks that {@code base_url} is an absolute http(s) URL. */
    static void checkBaseUrl(ProviderConfig config, ProblemSink problems, String example) {
        if (config.baseUrl() == null || config.baseUrl().isBlank()) {
            problems.report("base_url", "is required, e.g. " + example);
        } else if (HttpUrl.parse(config.baseUrl()) == null) {
            problems.report("base_url", "must be an http:// or https:// URL, was '" + config.baseUrl() + "'");
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
            return new OpenAiProvider(name, config.baseUrl(), config.apiKey(), config.headers(), http);
        }
    }
}
