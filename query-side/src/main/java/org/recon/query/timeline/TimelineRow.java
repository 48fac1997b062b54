package org.recon.query.timeline;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One row of the timeline; read through JPA, written by {@link TimelineProjection} with JDBC. */
@Entity
@Table(name = "qry_timeline_entry")
public class TimelineRow {

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
    }
}
