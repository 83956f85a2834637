package dev.switchboard.core.config;

import java.time.Duration;

/**
 * A classifier served by Triton Inference Server (or any server of the KServe v2 HTTP protocol):
 * {@code POST {url}/v2/models/{model}/infer} with the text as a one-element BYTES tensor.
 *
 * @param url the server's base URL, e.g. {@code http://triton:8000}
 * @param model the model name
 * @param input the input tensor's name; default {@code text}
 * @param output the output tensor to read, default the first one: for injection one probability (or
 *     two, not-injection and injection); for moderation one probability per category in the order of
 *     {@code docs/guards.md}
 * @param timeout how long a call may take; default 500ms
 * @param failure what a call that fails or times out means: {@code open} (the text passes, the
 *     failure is counted and logged; default) or {@code closed} (the request is refused with 503
 *     {@code guard_unavailable})
 */
public record RemoteClassifierConfig(String url, String model, String input, String output, Duration timeout,
                                     String failure) {

    public RemoteClassifierConfig {
        input = input != null ? input : "text";
        timeout = timeout != null ? timeout : Duration.ofMillis(500);
        failure = failure != null ? failure : "open";
    }

    public boolean failClosed() {
        return "closed".equals(failure);
    }
}
