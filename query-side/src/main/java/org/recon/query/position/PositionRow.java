package org.recon.query.position;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

import java.time.Instant;

@Entity
@Table(name = "qry_position")
public class PositionRow implements Persistable<String> {

    @Transient
    private boolean fresh;

    @Id
    @Column(name = "position_id")
    private String positionId;
    private String sku;
    private String location;
    @Column(name = "on_hand")
    private long onHand;
    private long available;
    private long committed;
    private long reserved;
    private long damaged;
    @Column(name = "quality_control")
    private long qualityControl;
    @Column(name = "safety_stock")
    private long safetyStock;
    private long incoming;
    private long picked;
    private String systems;
    private String variances;
    @Column(name = "open_steps")
    private String openSteps;
    @Column(name = "base_status")
    private String baseStatus;
    @Column(name = "last_event_at")
    private Instant lastEventAt;
    private long version;

    protected PositionRow() {
    }

    public PositionRow(String positionId, String sku, String location) {
        this.positionId = positionId;
        this.sku = sku;
        this.location = location;
        this.fresh = true;
    }

    public String positionId() { return positionId; }
    public String sku() { return sku; }
    public String location() { return location; }
    public long onHand() { return onHand; }
    public long available() { return available; }
    public long committed() { return committed; }
    public long reserved() { return reserved; }
    public long damaged() { return damaged; }
    public long qualityControl() { return qualityControl; }
    public long safetyStock() { return safetyStock; }
    public long incoming() { return incoming; }
    public long picked() { return picked; }
    public String systems() { return systems; }
    public String variances() { return variances; }
    public String openSteps() { return openSteps; }
    public String baseStatus() { return baseStatus; }
    public Instant lastEventAt() { return lastEventAt; }
    public long version() { return version; }

    void write(PositionState state, String systemsJson, String variancesJson, String openStepsJson) {
        onHand = state.quantity(org.recon.api.common.QuantityState.ON_HAND);
        available = state.available();
        committed = state.quantity(org.recon.api.common.QuantityState.COMMITTED);
        reserved = state.quantity(org.recon.api.common.QuantityState.RESERVED);
        damaged = state.quantity(org.recon.api.common.QuantityState.DAMAGED);
        qualityControl = state.quantity(org.recon.api.common.QuantityState.QUALITY_CONTROL);
        safetyStock = state.quantity(org.recon.api.common.QuantityState.SAFETY_STOCK);
        incoming = state.quantity(org.recon.api.common.QuantityState.INCOMING);
        picked = state.quantity(org.recon.api.common.QuantityState.PICKED);
        systems = systemsJson;
        variances = variancesJson;
        openSteps = openStepsJson;
        baseStatus = state.baseStatus().name();
        lastEventAt = state.lastEventAt();
        version = state.version();
    }

    @Override
    public String getId() {
        return positionId;
    }

    /** Created by the projection in this transaction: inserted without a look-up first. */
    @Override
    public boolean isNew() {
        return fresh;
    }

    @PostLoad
    @PostPersist
    void stored() {
        fresh = false;
    }
}
