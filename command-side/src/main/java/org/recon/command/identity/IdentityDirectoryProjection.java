package org.recon.command.identity;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.recon.api.common.RiskFlag;
import org.recon.api.identity.LocationAliasMapped;
import org.recon.api.identity.LocationRegistered;
import org.recon.api.identity.MessageParked;
import org.recon.api.identity.ParkedMessageReplayed;
import org.recon.api.identity.RiskFlagsSet;
import org.recon.api.identity.SkuAliasMapped;
import org.recon.api.identity.SkuRegistered;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;

/**
 * Keeps the command side's identity lookups in step with the identity events. Runs in a
 * subscribing processor, inside the transaction that stores the event, so the edge never reads
 * a lookup that disagrees with the event store.
 */
@ProcessingGroup(IdentityDirectoryProjection.PROCESSING_GROUP)
class IdentityDirectoryProjection {

    static final String PROCESSING_GROUP = "identity-directory";

    private final JdbcClient jdbc;

    IdentityDirectoryProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(SkuRegistered event) {
        jdbc.sql("insert into identity_code (kind, code, description, registered_by, registered_at) values ('SKU', ?, ?, ?, ?) "
                        + "on conflict (kind, code) do nothing")
                .params(event.sku().value(), event.description(), event.actor(), Timestamp.from(event.registeredAt())).update();
    }

    @EventHandler
    void on(LocationRegistered event) {
        jdbc.sql("insert into identity_code (kind, code, description, registered_by, registered_at) values ('LOCATION', ?, ?, ?, ?) "
                        + "on conflict (kind, code) do nothing")
                .params(event.location().value(), event.description(), event.actor(), Timestamp.from(event.registeredAt())).update();
    }

    @EventHandler
    void on(SkuAliasMapped event) {
        upsertAlias("SKU", event.system().value(), event.externalSku(), event.sku().value(), event.mappedAt());
    }

    @EventHandler
    void on(LocationAliasMapped event) {
        upsertAlias("LOCATION", event.system().value(), event.externalLocation(), event.location().value(), event.mappedAt());
    }

    private void upsertAlias(String kind, String system, String external, String canonical, java.time.Instant at) {
        jdbc.sql("insert into identity_alias (kind, system, external_code, canonical, mapped_at) values (?, ?, ?, ?, ?) "
                        + "on conflict (kind, system, external_code) do update set canonical = excluded.canonical, mapped_at = excluded.mapped_at")
                .params(kind, system, external, canonical, Timestamp.from(at)).update();
    }

    @EventHandler
    void on(RiskFlagsSet event) {
        jdbc.sql("delete from sku_risk_flag where sku = ?").param(event.sku().value()).update();
        for (RiskFlag flag : event.flags()) {
            jdbc.sql("insert into sku_risk_flag (sku, flag) values (?, ?)").params(event.sku().value(), flag.name()).update();
        }
    }

    @EventHandler
    void on(MessageParked event) {
        jdbc.sql("insert into inbox_entry (inbox_id, system, event_id, kind, code, detail, external_sku, external_location, "
                        + "payload, status, parked_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PARKED', ?) on conflict (inbox_id) do nothing")
                .params(event.inboxId(), event.system().value(), event.eventId(), event.kind(), event.code(), event.detail(),
                        event.externalSku(), event.externalLocation(), event.payload(), Timestamp.from(event.parkedAt()))
                .update();
    }

    @EventHandler
    void on(ParkedMessageReplayed event) {
        jdbc.sql("update inbox_entry set status = 'REPLAYED', outcome = ?, replayed_at = ? where inbox_id = ?")
                .params(event.outcome(), Timestamp.from(event.replayedAt()), event.inboxId()).update();
    }
}
