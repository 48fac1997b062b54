package org.recon.command.platform;

import org.recon.devdb.Api;
import org.junit.jupiter.api.Test;
import org.recon.command.support.CommandSideIntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The command side's OpenAPI document answers without a key and declares the X-Api-Key scheme. */
class OpenApiDocumentTest extends CommandSideIntegrationTest {

    @Test
    void apiDocsDeclareTheApiKeyScheme() {
        var response = api().get("/v3/api-docs", null);
        assertThat(response.status()).isEqualTo(200);

        JsonNode document = JsonMapper.builder().build().readTree(response.body());
        assertThat(document.path("openapi").asString()).startsWith("3.");
        assertThat(document.path("info").path("title").asString()).contains("command side");
        JsonNode scheme = document.path("components").path("securitySchemes").path("apiKey");
        assertThat(scheme.path("type").asString()).isEqualTo("apiKey");
        assertThat(scheme.path("in").asString()).isEqualTo("header");
        assertThat(scheme.path("name").asString()).isEqualTo("X-Api-Key");
        assertThat(document.path("security").toString()).contains("\"apiKey\"");
    }
}
