package org.recon.benchmark;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The services' HTTP API as the benchmark uses it (127.0.0.1 only).
 * <p>
 * Requests go through Apache HttpClient's blocking client, one pooled keep-alive connection per sending thread: the
 * load generator shares the two cores with what it measures, and the JDK's {@code java.net.http.HttpClient} (a
 * selector thread and completion stages behind every blocking send) cost 1.6 to 1.9 times the CPU per request
 * (BENCHMARKS.md, tenth session). No request is retried by the client: a failure is counted, never hidden.
 */
final class Api {

    /** A request as the scenarios describe it: GET when there is no body, else a JSON POST. */
    record Request(String url, String key, String body) {
    }

    /** What came back: status and body, read in full. */
    record Response(int statusCode, String body) {
    }

    static final String ERP_KEY = "erp-dev-key";
    static final String REPORTER_KEY = "reporter-dev-key";
    static final String ADMIN_KEY = "admin-dev-key";

    /** More than any scenario's sending threads, so that no send waits for a connection from the pool. */
    private static final int MAX_CONNECTIONS = 512;

    final String commandUrl;
    final String queryUrl;
    private final CloseableHttpClient client;
    final String runId;
    final int skus;
    final int locations;
    private final AtomicLong sequence = new AtomicLong();
    /** Movements the command side acknowledged as recorded (APPLIED or ACKNOWLEDGED), single or in batches, over the run. */
    private final AtomicLong acknowledged = new AtomicLong();

    Api(String commandUrl, String queryUrl, String runId, int skus, int locations, Duration timeout) {
        this.commandUrl = commandUrl;
        this.queryUrl = queryUrl;
        this.runId = runId;
        this.skus = skus;
        this.locations = locations;
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5))
                                .setSocketTimeout(Timeout.of(timeout))
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build())
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableContentCompression()
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

    Request postMovement(String body) {
        return post(commandUrl + "/api/v1/movements", ERP_KEY, body);
    }

    Request postBatch(String body) {
        return post(commandUrl + "/api/v1/movements/batch", ERP_KEY, body);
    }

    Request post(String url, String key, String body) {
        return new Request(url, key, body);
    }

    Request get(String url, String key) {
        return new Request(url, key, null);
    }

    /** Sends and reads the whole answer; a read that waits longer than the timeout throws a {@code SocketTimeoutException}. */
    Response send(Request request) throws IOException {
        return send(request, null);
    }

    /** As {@link #send(Request)}, waiting up to {@code timeout} for the answer instead of the client's timeout. */
    Response send(Request request, Duration timeout) throws IOException {
        HttpUriRequestBase http;
        if (request.body() == null) {
            http = new HttpGet(request.url());
        } else {
            HttpPost post = new HttpPost(request.url());
            post.setEntity(new StringEntity(request.body(), ContentType.APPLICATION_JSON));
            http = post;
        }
        if (timeout != null) {
            http.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build());
        }
        http.setHeader("Accept", "application/json");
        if (request.key() != null) {
            http.setHeader("X-Api-Key", request.key());
        }
        Response response = client.execute(http, answer -> new Response(answer.getCode(),
                answer.getEntity() == null ? "" : EntityUtils.toString(answer.getEntity(), StandardCharsets.UTF_8)));
        if (response.statusCode() == 200 && request.url().startsWith(commandUrl + "/api/v1/movements")) {
            acknowledged.addAndGet(request.url().endsWith("/batch") ? recordedItems(response.body())
                    : OpenLoop.singleMovementError(response) == null ? 1 : 0);
        }
        return response;
    }

    /** Movements acknowledged as recorded so far (a DUPLICATE answer is not counted again). */
    long acknowledgedMovements() {
        return acknowledged.get();
    }

    /** Counts the items of a batch answer that were not accepted (anything but APPLIED, ACKNOWLEDGED, DUPLICATE). */
    static int rejectedItems(String body) {
        List<?> items = items(body);
        return items == null ? Integer.MAX_VALUE
                : items.size() - countStatuses(items, Set.of("APPLIED", "ACKNOWLEDGED", "DUPLICATE"));
    }

    /** Counts the items of a batch answer recorded by this delivery (APPLIED or ACKNOWLEDGED). */
    private static int recordedItems(String body) {
        List<?> items = items(body);
        return items == null ? 0 : countStatuses(items, Set.of("APPLIED", "ACKNOWLEDGED"));
    }

    private static List<?> items(String body) {
        return Json.at(Json.parse(body), "results") instanceof List<?> list ? list : null;
    }

    private static int countStatuses(List<?> items, Set<String> statuses) {
        int counted = 0;
        for (Object item : items) {
            if (statuses.contains(String.valueOf(Json.at(item, "status")))) {
                counted++;
            }
        }
        return counted;
    }

    /**
     * Whether the service publishes the given path, from its OpenAPI document; when that cannot
     * be read, the caller falls back to the endpoint's own answer (404 = not available).
     */
    Boolean publishes(String baseUrl, String path) {
        try {
            Response r = send(get(baseUrl + "/v3/api-docs", null));
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
