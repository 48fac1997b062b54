package org.recon.query;

import org.junit.jupiter.api.Test;
import org.recon.query.support.QuerySideIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

class ApplicationStartsTest extends QuerySideIntegrationTest {

    @Test
    void healthAndApiDocsAnswerWithoutAKey() {
        var health = api().get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        var docs = api().get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/positions/{sku}/{location}/as-of", "/api/v1/audit/verify",
                "/api/v1/admin/dead-letters/{id}/retry", "/api/v1/reports/variance-summary", "/api/v1/inbox");
    }
}
