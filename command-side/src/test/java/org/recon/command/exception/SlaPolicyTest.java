package org.recon.command.exception;

import org.junit.jupiter.api.Test;
import org.recon.api.exception.Priority;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SlaPolicyTest {

    @Test
    void acknowledgementSlaPerPriority() {
        SlaPolicy sla = TestRules.sla();
        Instant opened = Instant.parse("2026-01-01T10:00:00Z");
        assertThat(sla.dueAt(Priority.P1, opened)).isEqualTo(Instant.parse("2026-01-01T10:30:00Z"));
        assertThat(sla.dueAt(Priority.P2, opened)).isEqualTo(Instant.parse("2026-01-01T14:00:00Z"));
        assertThat(sla.dueAt(Priority.P3, opened)).isEqualTo(Instant.parse("2026-01-02T10:00:00Z"));
        assertThat(sla.slaOf(Priority.P4)).isEqualTo(Duration.ofHours(72));
    }
}
