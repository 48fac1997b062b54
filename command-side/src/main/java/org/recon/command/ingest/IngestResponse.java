package org.recon.command.ingest;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The answer to one movement or observation: what it did to the reconciled position. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestResponse(String eventId, String status, String sku, String location, String code, String detail) {
}
