package org.recon.command.ingest;

import java.time.Instant;
import java.util.Map;

/** An observation that passed the edge; codes as sent (upper-cased), quantities keyed by state code. */
record ValidObservation(String system, String eventId, Instant observedAt, String sku, String location,
                        Map<String, Long> quantities) {
}
