package dev.switchboard.core.provider;

import dev.switchboard.core.config.ProviderConfig;
import dev.switchboard.core.spi.ProblemSink;
import dev.switchboard.core.spi.Provider;
import dev.switchboard.core.spi.ProviderFactory;
import dev.switchboard.core.spi.UpstreamRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Azure OpenAI: a deployment's URL is
 * {@code {base_url}/openai/deployments/{deployment}/chat/completions?api-version={api_version}},
 * authenticated with the {@code api-key} header. A deployment's {@code model} in Switchboard's
 * config is the Azure deployment name.
 */
public final class AzureOpenAiProvider extends HttpProvider {

    private final String apiVersion;

    public AzureOpenAiProvider(String name, String baseUrl, String apiKey, String apiVersion,
                               Map<String, String> headers, boolean streamUsage, UpstreamHttp http) {
        super(name, baseUrl, OpenAiProvider.withAuth("api-key", apiKey, headers), streamUsage, http);
        this.apiVersion = URLEncoder.encode(apiVersion, StandardCharsets.UTF_8);
    }

    @Override
    protected String path(UpstreamRequest request) {
        return basePath() + "/openai/deployments/" + URLEncoder.encode(request.upstreamModel(), StandardCharsets.UTF_8)
                .replace("+", "%20") + request.operation().path() + "?api-version=" + apiVersion;
    }

    /** Creates {@code type: azure-openai} providers. */
    public static final class Factory implements ProviderFactory {
        @Override
        public String type() {
            return "azure-openai";
        }

        @Override
        public void validate(ProviderConfig config, ProblemSink problems) {
            OpenAiProvider.checkBaseUrl(config, problems, "https://my-resource.openai.azure.com");
            if (config.apiKey() == null || config.apiKey().isBlank()) {
                problems.report("api_key", "is required for azure-openai, e.g. ${env:AZURE_OPENAI_KEY}");
            }
            if (config.apiVersion() == null || config.apiVersion().isBlank()) {
                problems.report("api_version", "is required for azure-openai, e.g. \"2024-10-21\"");
            }
            if (config.simulator() != null) {
                problems.report("simulator", "applies to type simulator only");
            }
        }

        @Override
        public Provider create(String name, ProviderConfig config, UpstreamHttp http) {
            return new AzureOpenAiProvider(name, config.baseUrl(), config.apiKey(), config.apiVersion(),
                    config.headers(), config.streamUsage(), http);
        }
    }
}
