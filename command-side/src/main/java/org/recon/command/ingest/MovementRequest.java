package org.recon.command.ingest;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A movement as a source sends it (DESIGN 4.3). Numbers are taken as JSON values and checked at
 * the edge, so "1.5" or "-3" get a field-level error instead of being coerced.
 */
@Schema(example = """
        {"eventId": "wms-ship-000123", "type": "SHIPPED", "occurredAt": "2026-03-02T11:05:00+01:00",
         "sku": "TSHIRT-RED-M", "location": "WH-EAST", "quantity": 1,
         "document": {"type": "ORDER", "id": "SO-1", "line": 1}}""")
public record MovementRequest(
        @Schema(description = "The source's own id, unique per system: the idempotency key") String eventId,
        @Schema(description = "Movement type", example = "SHIPPED") String type,
        @Schema(description = "Source time, ISO-8601 with offset", example = "2026-03-02T11:05:00+01:00") String occurredAt,
        @Schema(example = "TSHIRT-RED-M") String sku,
        @Schema(example = "WH-EAST") String location,
        @Schema(description = "Integer 1..2,000,000,000 (0 allowed for COUNTED)", type = "integer", example = "1") Object quantity,
        DocumentRequest document,
        @Schema(description = "Reason code, required for ADJUSTED") String reason,
        @Schema(description = "For ADJUSTED: the state adjusted (default on_hand)") String state,
        @Schema(description = "For ADJUSTED: signed change instead of quantity", type = "integer") Object delta,
        @Schema(description = "For TRANSFER_SHIPPED: destination location") String toLocation,
        String note,
        @Schema(description = "Optional; must equal the API key's system") String source) {

    /** The business document a movement belongs to; {@code line} may be sent as a number. */
    public record DocumentRequest(@Schema(example = "ORDER") String type, @Schema(example = "SO-1") String id,
                                  @Schema(type = "string", example = "1") Object line) {
    }
}
