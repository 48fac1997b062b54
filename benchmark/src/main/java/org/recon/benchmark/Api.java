package org.recon.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/** The services' HTTP API as the benchmark uses it (127.0.0.1 only). */
final class Api {

    static final String ERP_KEY = "erp-dev-key";
    static final String REPORTER_KEY = "reporter-dev-key";
    static final String ADMIN_KEY = "admin-dev-key";

    final String commandUrl;
    final String queryUrl;
    final HttpClient client;
    final String runId;
    final int skus;
    final int locations;
    private final AtomicLong sequence = new AtomicLong();
    private final Duration timeout;

    Api(String commandUrl, String queryUrl, String runId, int skus, int locations, Duration timeout) {
        this.commandUrl = commandUrl;
        this.queryUrl = queryUrl;
        this.runId = runId;
        this.skus = skus;
        this.locations = locations;
        this.timeout = timeout;
        // HTTP/1.1 explicitly: the default (HTTP/2) tries an h2c upgrade on every new plain-text connection
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newFixedThreadPool(4, daemon("http-client")))
                .build();
    }

    static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicLong n = new AtomicLong();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    String sku(long n) {
        return "B" + runId + "-SKU-" + (n % skus);
    }

    String location(long n) {
        return "B" + runId + "-LOC-" + ((n / skus) % locations);
    }

    /** A movement for the n-th position of the pool: an ERP purchase-order receipt expectation, complete at once. */
    String movement(long n) {
        return movement(sku(n), location(n), 1);
    }

    String movement(String sku, String location, int quantity) {
        long id = sequence.incrementAndGet();
        String eventId = "b" + runId + "-" + id;
        return "{\"eventId\":\"" + eventId + "\",\"type\":\"RECEIPT_EXPECTED\",\"occurredAt\":\"" + Instant.now()
                + "\",\"sku\":\"" + sku + "\",\"location\":\"" + location + "\",\"quantity\":" + quantity
                + ",\"document\":{\"type\":\"PO\",\"id\":\"BPO-" + runId + "-" + id + "\",\"line\":\"1\"}}";
    }

    String batch(List<String> movements) {
        return "{\"movements\":[" + String.join(",", movements) + "]}";
    }

    HttpRequest postMovement(String body) {
        return post(commandUrl + "/api/v1/movements", ERP_KEY, body);
    }

    HttpRequest postBatch(String body) {
        return post(commandUrl + "/api/v1/movements/batch", ERP_KEY, body);
    }

    HttpRequest post(String url, String key, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("X-Api-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    HttpRequest get(String url, String key) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Accept", "application/json");
        if (key != null) {
            b.header("X-Api-Key", key);
        }
        return b.GET().build();
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Counts the items of a batch answer that were not accepted (anything but APPLIED, ACKNOWLEDGED, DUPLICATE). */
    static int rejectedItems(String body) {
        Object results = Json.at(Json.parse(body), "results");
        if (!(results instanceof List<?> list)) {
            return Integer.MAX_VALUE;
        }
        int rejected = 0;
        for (Object item : list) {
            Object status = Json.at(item, "status");
            if (!"APPLIED".equals(status) && !"ACKNOWLEDGED".equals(status) && !"DUPLICATE".equals(status)) {
                rejected++;
            }
        }
        return rejected;
    }

    /**
     * Whether the service publishes the given path, from its OpenAPI document; when that cannot
     * be read, the caller falls back to the endpoint's own answer (404 = not available).
     */
    Boolean publishes(String baseUrl, String path) {
        try {
            HttpResponse<String> r = send(get(baseUrl + "/v3/api-docs", null));
            if (r.statusCode() != 200) {
                return null;
            }
            Object paths = Json.at(Json.parse(r.body()), "paths");
            return paths instanceof java.util.Map<?, ?> map && map.containsKey(path);
        } catch (Exception e) {
            return null;
        }
    }
}
