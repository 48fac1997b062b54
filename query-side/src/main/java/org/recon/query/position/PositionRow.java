package org.recon.query.position;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.recon.api.common.QuantityState;

import java.time.Instant;

/** A position as stored; read through JPA, written by {@link PositionProjection} with JDBC ({@link PositionTable}). */
@Entity
@Table(name = "qry_position")
public class PositionRow {

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

    /** One of {@link QuantityState#STORED}. */
    long quantity(QuantityState state) {
        return switch (state) {
            case ON_HAND -> onHand;
            case COMMITTED -> committed;
            case RESERVED -> reserved;
            case DAMAGED -> damaged;
            case QUALITY_CONTROL -> qualityControl;
            case SAFETY_STOCK -> safetyStock;
            case INCOMING -> incoming;
            case PICKED -> picked;
            default -> throw new IllegalArgumentException(state + " is not stored");
        };
    }
}
