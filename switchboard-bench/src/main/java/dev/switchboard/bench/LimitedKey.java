package dev.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets up the tenant and key that {@code --with-limits} runs use, through the gateway's admin
 * API: every limit and budget present, so the gateway checks them all, and all far above what a
 * benchmark reaches, so none refuses.
 */
final class LimitedKey {

    private static final Pattern KEY = Pattern.compile("\"key\"\\s*:\\s*\"(sk-sb-[A-Za-z0-9]+)\"");

    private LimitedKey() {
    }

    /** Creates tenant "bench" and a key of it; returns the key. */
    static String create(String host, int port, String masterKey) throws IOException {
        String limits = "\"rpm\": 100000000, \"tpm\": 2000000000, \"max_concurrent\": 1000000,"
                + " \"budget_usd\": 1000000000, \"budget_period\": \"month\"";
        post(host, port, masterKey, "/admin/tenants", "{\"name\": \"bench\", " + limits + "}");
        String created = post(host, port, masterKey, "/admin/keys", "{\"tenant\": \"bench\", " + limits + "}");
        Matcher key = KEY.matcher(created);
        if (!key.find()) {
            throw new IOException("no key in the admin API's answer: " + created);
        }
        return key.group(1);
    }

    private static String post(String host, int port, String masterKey, String path, String body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + path))
                .header("authorization", "Bearer " + masterKey).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IOException("POST " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
