package org.recon.command;

import org.junit.jupiter.api.Test;
import org.recon.command.support.CommandSideIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

class ApplicationStartsTest extends CommandSideIntegrationTest {

    @Test
    void healthIsUpWithTheDatabase() {
        var response = api().get("/actuator/health", "admin-dev-key");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"db\"").contains("\"status\":\"UP\"");
    }
}
