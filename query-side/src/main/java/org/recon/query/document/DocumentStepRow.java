package org.recon.query.document;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

import java.io.Serializable;
import java.time.Instant;

@Entity
@Table(name = "qry_document_step")
public class DocumentStepRow implements Persistable<DocumentStepRow.Key> {

    @Transient
    private boolean fresh;


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
        this.fresh = true;
    }

    @Override
    public Key getId() {
        return key;
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
