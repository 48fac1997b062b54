package org.recon.command.ingest;

import org.recon.api.common.DocumentRef;
import org.recon.api.common.QuantityState;
import org.recon.api.position.AdjustmentReason;
import org.recon.api.position.MovementType;

import java.time.Instant;

/**
 * A movement that passed the edge: normalised, typed, its codes still as the source sent them
 * (upper-cased), not yet mapped to canonical identity. This is also what the inbox keeps.
 */
record ValidMovement(String system, String eventId, MovementType type, Instant occurredAt, String sku, String location,
                     long quantity, long delta, QuantityState state, DocumentRef document, AdjustmentReason reason,
                     String sourceReason, String note, String toLocation) {
}
