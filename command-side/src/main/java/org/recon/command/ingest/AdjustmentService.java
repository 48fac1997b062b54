package org.recon.command.ingest;

import org.recon.command.position.PositionRules;
import org.springframework.stereotype.Service;

import java.util.UUID;

/**
 * An operator's adjustment is recorded as an {@code ADJUSTED} movement reported in the name of the
 * state's owner, marked manual, with the operator as actor: it is applied whoever owns the state
 * and no other system is expected to report it.
 */
@Service
class AdjustmentService {

    private final IngestService ingest;
    private final PositionRules rules;

    AdjustmentService(IngestService ingest, PositionRules rules) {
        this.ingest = ingest;
        this.rules = rules;
    }

    IngestService.Result adjust(ValidMovement adjustment, String actor) {
        String system = rules.ownership().ownerOf(adjustment.state()).orElseThrow().value();
        String eventId = adjustment.eventId() != null ? adjustment.eventId() : "adjustment-" + UUID.randomUUID();
        ValidMovement manual = new ValidMovement(system, eventId, adjustment.type(), adjustment.occurredAt(),
                adjustment.sku(), adjustment.location(), 0, adjustment.delta(), adjustment.state(), null,
                adjustment.reason(), adjustment.sourceReason(), adjustment.note(), null);
        return ingest.ingestManual(manual, actor);
    }
}
