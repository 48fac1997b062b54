package org.recon.query.position;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventhandling.DomainEventMessage;
import org.recon.api.common.PositionId;
import org.recon.api.identity.RiskFlagsSet;
import org.recon.query.operations.BatchRows;
import org.recon.query.operations.BatchWrites;
import org.recon.query.operations.Projection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/** The reconciled position per SKU and location, and each SKU's risk flags. */
@Component
@ProcessingGroup(PositionProjection.GROUP)
public class PositionProjection implements Projection {

    public static final String GROUP = "positions";

    private final SkuRiskRepository risks;
    private final PositionTable table;
    private final JdbcTemplate jdbc;

    PositionProjection(SkuRiskRepository risks, PositionTable table, JdbcTemplate jdbc) {
        this.risks = risks;
        this.table = table;
        this.jdbc = jdbc;
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
        BatchRows<String, PositionState> batch = batchStates();
        PositionState stored = batch.get(id);
        if (stored != null && message.getSequenceNumber() < stored.version()) {
            return;
        }
        PositionState state = stored == null ? new PositionState() : stored.copy();
        PositionFold.apply(state, payload, committedAt);
        batch.put(id, state);
        BatchWrites.<String, PositionTable.Stored>current(GROUP + "/positions", table::upsert)
                .put(id, new PositionTable.Stored(PositionId.parse(id), state));
    }

    /** The positions of the batch's events, read with one query (a replay touches thousands of positions per batch). */
    private BatchRows<String, PositionState> batchStates() {
        return BatchRows.current(GROUP + "/positions",
                m -> m instanceof DomainEventMessage<?> d && PositionFold.isPositionEventType(d.getPayloadType())
                        ? d.getAggregateIdentifier() : null,
                table::load,
                id -> table.load(List.of(id)).get(id));
    }

    @ResetHandler
    void reset() {
        jdbc.execute("delete from qry_position");
        jdbc.execute("delete from qry_sku_risk");
    }
}
