package org.recon.query.platform;

import org.recon.devdb.Api;
import org.recon.query.support.QuerySideIntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The query side's OpenAPI document answers without a key and declares the X-Api-Key scheme.
 */
class OpenApiDocumentTest extends QuerySideIntegrationTest {

    private HttpResponse<String> get(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void apiDocsDeclareTheApiKeyScheme() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");
        assertThat(response.statusCode()).isEqualTo(200);

        JsonNode document = JsonMapper.builder().build().readTree(response.body());
        assertThat(document.path("openapi").asString()).startsWith("3.");
        assertThat(document.path("info").path("title").asString()).contains("query side");
        JsonNode scheme = document.path("components").path("securitySchemes").path("apiKey");
        assertThat(scheme.path("type").asString()).isEqualTo("apiKey");
        assertThat(scheme.path("in").asString()).isEqualTo("header");
        assertThat(scheme.path("name").asString()).isEqualTo("X-Api-Key");
        assertThat(document.path("security").toString()).contains("\"apiKey\"");
    }

    @Test
    void swaggerUiAndHealthAnswerWithoutAKey() throws Exception {
        assertThat(get("/swagger-ui.html").statusCode()).isEqualTo(200);
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components");
    }
}
