package org.recon.query.inbox;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.recon.query.web.PageView;
import org.recon.query.web.Params;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Inbox", description = "Messages held until they can be applied (ADMIN)")
class InboxController {

    private final InboxQueries queries;

    InboxController(InboxQueries queries) {
        this.queries = queries;
    }

    @GetMapping("/api/v1/inbox")
    @Operation(summary = "Parked messages, oldest first; status PARKED or REPLAYED")
    PageView<InboxMessageView> list(@RequestParam(required = false) String status,
                                    @RequestParam(required = false) Integer page,
                                    @RequestParam(required = false) Integer size) {
        return queries.search(Params.oneOf("status", status, InboxStatus.class), Params.page(page), Params.size(size));
    }
}
