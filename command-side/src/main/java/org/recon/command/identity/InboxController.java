package org.recon.command.identity;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.recon.command.ingest.IngestResponse;
import org.recon.command.ingest.IngestService;
import org.recon.support.security.ApiKeyPrincipal;
import org.recon.support.web.ApiException;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Replays one parked message by hand (ADMIN). The inbox itself is listed by the query side. */
@RestController
@RequestMapping(path = "/api/v1/inbox", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Inbox", description = "Messages parked until their identity resolves")
class InboxController {

    private final IdentityDirectory directory;
    private final IngestService ingest;

    InboxController(IdentityDirectory directory, IngestService ingest) {
        this.directory = directory;
        this.ingest = ingest;
    }

    @PostMapping("/{id}/replay")
    @Operation(summary = "Replay a parked message (once); it stays parked while its identity is still unknown")
    IngestResponse replay(@PathVariable String id, Authentication caller) {
        IdentityDirectory.ParkedEntry entry = directory.inboxEntry(id)
                .orElseThrow(() -> ApiException.notFound("Inbox message " + id));
        if (!"PARKED".equals(entry.status())) {
            throw ApiException.conflict("ALREADY_REPLAYED", "Inbox message " + id + " was already replayed.");
        }
        IngestService.Result result = ingest.replay(entry, ((ApiKeyPrincipal) caller.getPrincipal()).name());
        IngestService.Result.Accepted accepted = (IngestService.Result.Accepted) result;
        return new IngestResponse(accepted.eventId(), accepted.outcome().name(), accepted.sku(), accepted.location(),
                accepted.code(), accepted.detail());
    }
}
