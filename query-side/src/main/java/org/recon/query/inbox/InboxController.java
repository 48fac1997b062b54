package org.recon.query.inbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.recon.query.web.PageView;
import org.recon.query.web.Params;
import org.springframework.data.domain.PageRequest;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Inbox", description = "Messages held until they can be applied (ADMIN)")
class InboxController {

    private final InboxRepository inbox;

    InboxController(InboxRepository inbox) {
        this.inbox = inbox;
    }

    @GetMapping("/api/v1/inbox")
    @Transactional(readOnly = true)
    @Operation(summary = "Parked messages, oldest first; status PARKED or REPLAYED")
    PageView<InboxMessageView> list(@RequestParam(required = false) String status,
                                    @RequestParam(required = false) Integer page,
                                    @RequestParam(required = false) Integer size) {
        return PageView.of(inbox.search(Params.oneOf("status", status, InboxStatus.class),
                        PageRequest.of(Params.page(page), Params.size(size)))
                .map(r -> new InboxMessageView(r.inboxId, r.system, r.eventId, r.kind, r.code, r.detail, r.externalSku,
                        r.externalLocation, r.status, r.parkedAt, r.actor, r.replayedAt, r.outcome, r.replayDetail,
                        r.payload)));
    }
}
