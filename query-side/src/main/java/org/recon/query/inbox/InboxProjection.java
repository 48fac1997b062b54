package org.recon.query.inbox;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.recon.api.identity.MessageParked;
import org.recon.api.identity.ParkedMessageReplayed;
import org.recon.query.operations.Projection;
import org.springframework.stereotype.Component;

/** Messages parked in the inbox (e.g. unmapped identity) and the outcome of their replay. */
@Component
@ProcessingGroup(InboxProjection.GROUP)
public class InboxProjection implements Projection {

    public static final String GROUP = "inbox";

    private final InboxRepository inbox;

    public InboxProjection(InboxRepository inbox) {
        this.inbox = inbox;
    }

    @EventHandler
    void on(MessageParked e) {
        InboxRow row = inbox.findById(e.inboxId()).orElseGet(() -> new InboxRow(e.inboxId()));
        row.system = e.system().value();
        row.eventId = e.eventId();
        row.kind = e.kind();
        row.code = e.code();
        row.detail = e.detail();
        row.externalSku = e.externalSku();
        row.externalLocation = e.externalLocation();
        row.payload = e.payload();
        row.actor = e.actor();
        row.parkedAt = e.parkedAt();
        row.status = InboxStatus.PARKED.name();
        inbox.save(row);
    }

    @EventHandler
    void on(ParkedMessageReplayed e) {
        InboxRow row = inbox.findById(e.inboxId())
                .orElseThrow(() -> new IllegalStateException("inbox message " + e.inboxId() + " was never parked"));
        row.status = InboxStatus.REPLAYED.name();
        row.replayedAt = e.replayedAt();
        row.outcome = e.outcome();
        row.replayDetail = e.detail();
        inbox.save(row);
    }

    @ResetHandler
    void reset() {
        inbox.deleteAllInBatch();
    }
}
