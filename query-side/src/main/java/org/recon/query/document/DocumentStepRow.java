package org.recon.query.document;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;

/** One step of one document; read through JPA, written by {@link DocumentProjection} with JDBC. */
@Entity
@Table(name = "qry_document_step")
public class DocumentStepRow {

    @Embeddable
    public record Key(@Column(name = "position_id") String positionId, @Column(name = "step_id") String stepId)
            implements Serializable {
    }

    @EmbeddedId
    Key key;
    @Column(name = "document_type")
    String documentType;
    @Column(name = "document_id")
    String documentId;
    String line;
    String sku;
    String location;
    @Column(name = "movement_type")
    String movementType;
    String authority;
    long effective;
    boolean provisional;
    String reported;
    @Column(name = "in_flight")
    String inFlight;
    boolean complete;
    @Column(name = "first_reported_at")
    Instant firstReportedAt;

    protected DocumentStepRow() {
    }

    DocumentStepRow(Key key) {
        this.key = key;
    }
}
