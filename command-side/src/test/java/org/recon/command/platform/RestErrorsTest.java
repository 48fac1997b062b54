package org.recon.command.platform;

import org.junit.jupiter.api.Test;
import org.recon.devdb.Api;
import org.recon.command.support.CommandSideIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST error contract of DESIGN section 5 against the running command side: problem+json with a
 * machine-readable {@code code}, the right status, and never a stack trace.
 */
class RestErrorsTest extends CommandSideIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long TWO_MIB = 2L * 1024 * 1024;
    private static final String MOVEMENT = """
            {"eventId": "platform-rest-1", "type": "RECEIVED", "occurredAt": "2026-01-05T10:00:00+01:00",
             "sku": "PLATFORM-REST-SKU", "location": "WH-PLATFORM", "quantity": 1,
             "document": {"type": "PO", "id": "PO-PLATFORM-1"}}
            """;

    /** HTTP/1.1 and redirects followed, like a browser opening the Swagger UI. */
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("code").asString()).isEqualTo(code);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("type").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
        assertNoStackTrace(response.body());
    }

    private static void assertNoStackTrace(String body) {
        assertThat(body).doesNotContain("\tat ").doesNotContain("at org.").doesNotContain("Exception:")
                .doesNotContain("\"trace\"");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Api.Response response(HttpResponse<String> response) {
        return new Api.Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body(), response.headers());
    }

    // ---- 401 / 403 / 404 ----

    @Test
    void noKeyIs401() {
        assertProblem(api().post("/api/v1/movements", null, MOVEMENT), 401, "MISSING_API_KEY");
        assertProblem(api().get("/api/v1/anything", null), 401, "MISSING_API_KEY");
    }

    @Test
    void anUnknownKeyIs401() {
        assertProblem(api().post("/api/v1/movements", "not-a-real-key", MOVEMENT), 401, "UNKNOWN_API_KEY");
        assertProblem(api().get("/actuator/health", "not-a-real-key"), 401, "UNKNOWN_API_KEY");
    }

    @Test
    void aKeyOfTheWrongRoleIs403() {
        assertProblem(api().post("/api/v1/movements", "reporter-dev-key", MOVEMENT), 403, "FORBIDDEN");
        assertProblem(api().post("/api/v1/movements/batch", "admin-dev-key", "{\"movements\": []}"), 403, "FORBIDDEN");
        assertProblem(api().post("/api/v1/adjustments", "storefront-dev-key", "{}"), 403, "FORBIDDEN");
        assertProblem(api().put("/api/v1/aliases/skus/ERP/X-1", "erp-ops-dev-key", "{\"sku\": \"X\"}"), 403, "FORBIDDEN");
        assertProblem(api().get("/actuator/metrics", "auditor-dev-key"), 403, "FORBIDDEN");
    }

    @Test
    void anUnknownPathWithAValidKeyIs404() {
        assertProblem(api().get("/api/v1/no-such-resource", "admin-dev-key"), 404, "NOT_FOUND");
        assertProblem(api().get("/no/such/path", "reporter-dev-key"), 404, "NOT_FOUND");
    }

    // ---- open endpoints ----

    @Test
    void healthDocumentationAndSwaggerUiAnswerWithoutAKey() {
        var health = api().get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");

        var apiDocs = api().get("/v3/api-docs", null);
        assertThat(apiDocs.status()).isEqualTo(200);
        assertThat(apiDocs.contentType()).startsWith("application/json");

        HttpResponse<String> swagger = send(HttpRequest.newBuilder(uri("/swagger-ui.html")).GET());
        assertThat(swagger.statusCode()).isEqualTo(200);
        assertThat(swagger.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(swagger.body()).containsIgnoringCase("swagger");
    }

    @Test
    void healthDetailsOnlyForAdmin() {
        assertThat(api().get("/actuator/health", null).body()).doesNotContain("components").doesNotContain("\"db\"");
        assertThat(api().get("/actuator/health", "reporter-dev-key").body()).doesNotContain("components");
        assertThat(api().get("/actuator/health", "erp-ops-dev-key").body()).doesNotContain("components");

        var admin = api().get("/actuator/health", "admin-dev-key");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body()).contains("components").contains("\"db\"");
    }

    // ---- bad bodies on POST /api/v1/movements (needs the ingest endpoint) ----

    @Test
    void malformedJsonIs400() {
        var response = api().post("/api/v1/movements", "storefront-dev-key", "{\"eventId\": \"platform-bad-json\", \"type\": ");
        assertProblem(response, 400, "MALFORMED_JSON");
    }

    @Test
    void aWrongContentTypeIs415() {
        var response = response(send(HttpRequest.newBuilder(uri("/api/v1/movements"))
                .header("X-Api-Key", "storefront-dev-key")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(MOVEMENT))));
        assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void aBodyOverTwoMebibytesIs413() {
        var response = response(send(HttpRequest.newBuilder(uri("/api/v1/movements"))
                .header("X-Api-Key", "storefront-dev-key")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(oversizedJson()))));
        assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
    }

    /** Same, streamed without a Content-Length (chunked): the limit is counted while the body is read. */
    @Test
    void aStreamedBodyOverTwoMebibytesIs413() {
        byte[] body = oversizedJson();
        var response = response(send(HttpRequest.newBuilder(uri("/api/v1/movements"))
                .header("X-Api-Key", "storefront-dev-key")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))));
        assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
    }

    // ---- the same bad bodies on a test-only JSON endpoint: the web layer's part, whatever the domain does ----

    @Test
    void theWebLayerAnswersBadBodiesWithProblems() {
        String probe = PlatformProbeController.PATH;
        var ok = api().post(probe, "reporter-dev-key", MOVEMENT);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);

        assertProblem(api().post(probe, "reporter-dev-key", "{\"eventId\": "), 400, "MALFORMED_JSON");
        assertProblem(api().post(probe, "reporter-dev-key", "[1, 2]"), 400, "MALFORMED_JSON");
        assertProblem(response(send(HttpRequest.newBuilder(uri(probe))
                .header("X-Api-Key", "reporter-dev-key")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(MOVEMENT)))), 415, "UNSUPPORTED_MEDIA_TYPE");

        byte[] body = oversizedJson();
        assertProblem(response(send(HttpRequest.newBuilder(uri(probe))
                .header("X-Api-Key", "reporter-dev-key")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)))), 413, "PAYLOAD_TOO_LARGE");
        assertProblem(response(send(HttpRequest.newBuilder(uri(probe))
                .header("X-Api-Key", "reporter-dev-key")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))))),
                413, "PAYLOAD_TOO_LARGE");
    }

    /** A syntactically valid movement whose note makes the body just over 2 MiB. */
    private static byte[] oversizedJson() {
        char[] note = new char[(int) TWO_MIB];
        Arrays.fill(note, 'x');
        String json = MOVEMENT.strip().replaceFirst("}\\s*$", "") + ", \"note\": \"" + new String(note) + "\"}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat((long) bytes.length).isGreaterThan(TWO_MIB);
        return bytes;
    }
}
