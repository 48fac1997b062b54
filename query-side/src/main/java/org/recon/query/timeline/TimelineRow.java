package org.recon.query.timeline;

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
@Table(name = "qry_timeline_entry")
public class TimelineRow implements Persistable<Long> {

    @Transient
    private boolean fresh;

    @Id
    @Column(name = "global_index")
    Long globalIndex;
    @Column(name = "position_id")
    String positionId;
    String type;
    String system;
    @Column(name = "event_id")
    String eventId;
    @Column(name = "occurred_at")
    Instant occurredAt;
    @Column(name = "recorded_at")
    Instant recordedAt;
    @Column(name = "document_type")
    String documentType;
    @Column(name = "document_id")
    String documentId;
    @Column(name = "document_line")
    String documentLine;
    String changes;
    String reason;
    String actor;
    @Column(name = "exception_id")
    String exceptionId;

    protected TimelineRow() {
    }

    TimelineRow(long globalIndex, String positionId, String type) {
        this.globalIndex = globalIndex;
        this.positionId = positionId;
        this.type = type;
        this.fresh = true;
    }

    @Override
    public Long getId() {
        return globalIndex;
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
