package org.recon.query.inbox;

import org.recon.query.web.PageView;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
@Transactional(readOnly = true)
public class InboxQueries {

    private final InboxRepository inbox;

    public InboxQueries(InboxRepository inbox) {
        this.inbox = inbox;
    }

    public PageView<InboxMessageView> search(String status, int page, int size) {
        return PageView.of(inbox.search(status, PageRequest.of(page, size))
                .map(r -> new InboxMessageView(r.inboxId, r.system, r.eventId, r.kind, r.code, r.detail, r.externalSku,
                        r.externalLocation, r.status, r.parkedAt, r.actor, r.replayedAt, r.outcome, r.replayDetail,
                        r.payload)));
    }
}
