package org.recon.query.position;

import jakarta.persistence.EntityManager;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.DomainEventMessage;
import org.recon.api.common.PositionId;
import org.recon.api.identity.RiskFlagsSet;
import org.recon.query.operations.BatchRows;
import org.recon.query.operations.Projection;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The reconciled position per SKU and location, and each SKU's risk flags. */
@Component
@ProcessingGroup(PositionProjection.GROUP)
public class PositionProjection implements Projection {

    public static final String GROUP = "positions";

    private final PositionRepository positions;
    private final SkuRiskRepository risks;
    private final PositionCodec codec;
    private final EntityManager entityManager;

    public PositionProjection(PositionRepository positions, SkuRiskRepository risks, PositionCodec codec,
                              EntityManager entityManager) {
        this.positions = positions;
        this.risks = risks;
        this.codec = codec;
        this.entityManager = entityManager;
    }

    @EventHandler
    void on(Object payload, DomainEventMessage<?> message, @Timestamp Instant committedAt) {
        if (payload instanceof RiskFlagsSet flags) {
            risks.save(new SkuRiskRow(flags.sku().value(), SkuRiskRow.encode(flags.flags()), flags.setAt()));
            return;
        }
        if (!PositionFold.isPositionEvent(payload)) {
            return;
        }
        String id = message.getAggregateIdentifier();
        BatchRows<String, PositionRow> batch = batchRows();
        PositionRow row = batch.get(id);
        if (row != null && message.getSequenceNumber() < row.version()) {
            return;
        }
        PositionState state = row == null ? new PositionState() : codec.read(row);
        PositionFold.apply(state, payload, committedAt);
        if (row == null) {
            PositionId positionId = PositionId.parse(id);
            row = new PositionRow(id, positionId.sku().value(), positionId.location().value());
        }
        codec.write(state, row);
        BatchRows.store(entityManager, row, row.isNew());
        batch.put(id, row);
    }

    /** The positions of the batch's events, read with one query (a replay touches thousands of positions per batch). */
    private BatchRows<String, PositionRow> batchRows() {
        return BatchRows.current(GROUP + "/positions",
                m -> m instanceof DomainEventMessage<?> d && PositionFold.isPositionEventType(d.getPayloadType())
                        ? d.getAggregateIdentifier() : null,
                ids -> {
                    Map<String, PositionRow> found = new HashMap<>();
                    positions.findAllById(ids).forEach(row -> found.put(row.positionId(), row));
                    return found;
                },
                id -> positions.findById(id).orElse(null));
    }

    @ResetHandler
    void reset() {
        positions.deleteAllInBatch();
        risks.deleteAllInBatch();
    }
}
