package org.recon.query.inbox;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "qry_inbox_message")
public class InboxRow {

    @Id
    @Column(name = "inbox_id")
    String inboxId;
    String system;
    @Column(name = "event_id")
    String eventId;
    String kind;
    String code;
    String detail;
    @Column(name = "external_sku")
    String externalSku;
    @Column(name = "external_location")
    String externalLocation;
    String payload;
    String actor;
    @Column(name = "parked_at")
    Instant parkedAt;
    String status;
    @Column(name = "replayed_at")
    Instant replayedAt;
    String outcome;
    @Column(name = "replay_detail")
    String replayDetail;

    protected InboxRow() {
    }

    InboxRow(String inboxId) {
        this.inboxId = inboxId;
    }
}
