package org.recon.command.ingest;

import io.swagger.v3.oas.annotations.media.Schema;

import java.util.Map;

/** A system's absolute view of some states at a moment (DESIGN 4.4). */
@Schema(example = """
        {"eventId": "erp-snap-991", "observedAt": "2026-03-02T11:10:00Z", "sku": "TSHIRT-RED-M",
         "location": "WH-EAST", "quantities": {"on_hand": 10}}""")
public record ObservationRequest(
        String eventId,
        @Schema(description = "ISO-8601 with offset") String observedAt,
        String sku,
        String location,
        @Schema(description = "State code to integer value, e.g. {\"on_hand\": 10, \"available\": 8}") Map<String, Object> quantities,
        @Schema(description = "Optional; must equal the API key's system") String source) {
}
