package dev.switchboard.core.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One upstream endpoint that deployments point at.
 *
 * @param type adapter: {@code openai} (any OpenAI-compatible server: vLLM, TGI, Ollama, OpenAI),
 *     {@code azure-openai}, or {@code simulator} (Switchboard's built-in simulator, not a model);
 *     required
 * @param baseUrl for {@code openai}, the URL that {@code /chat/completions} is appended to, e.g.
 *     {@code http://10.0.0.5:8000/v1}; for {@code azure-openai} the resource endpoint, e.g.
 *     {@code https://x.openai.azure.com}; required for both
 * @param apiKey credential sent upstream ({@code Authorization: Bearer} for openai, {@code api-key}
 *     for azure-openai); optional for openai, required for azure-openai
 * @param apiVersion Azure's {@code api-version} query parameter; required for azure-openai
 * @param headers extra headers sent with every upstream request; default none
 * @param simulator options of a {@code simulator} provider; default: answers at once
 * @param streamUsage whether streaming requests ask the upstream for usage
 *     ({@code stream_options.include_usage}), which exact cost accounting needs; turn off only for
 *     an upstream that rejects the option (usage is then estimated); default true
 * @param guidedDecoding how a {@code response_format: json_schema} with {@code strict: true} reaches
 *     this upstream: {@code response_format} (default: as sent — OpenAI, Azure, vLLM 0.6 and later),
 *     {@code guided_json} (vLLM's older parameter), {@code structured_outputs} (vLLM 0.10 and later)
 *     or {@code none} (the upstream has no guided decoding: the schema goes into a system message
 *     and the answer is checked as always)
 */
public record ProviderConfig(String type, String baseUrl, String apiKey, String apiVersion,
                             Map<String, String> headers, SimulatorSettings simulator, Boolean streamUsage,
                             String guidedDecoding) {

    /** The values of {@code guided_decoding}. */
    public static final java.util.List<String> GUIDED_DECODING = java.util.List.of("response_format", "guided_json",
            "structured_outputs", "none");

    public ProviderConfig {
        streamUsage = streamUsage != null ? streamUsage : Boolean.TRUE;
        guidedDecoding = guidedDecoding != null ? guidedDecoding : "response_format";
        headers = headers != null ? Collections.unmodifiableMap(new LinkedHashMap<>(headers)) : Map.of();
    }

    @Override
    public String toString() {
        return "ProviderConfig[type=" + type + ", baseUrl=" + baseUrl + ", apiKey="
                + (apiKey == null ? "unset" : "<redacted>") + ", apiVersion=" + apiVersion + "]";
    }
}
