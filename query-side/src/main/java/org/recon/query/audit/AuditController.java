package org.recon.query.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.recon.query.web.Params;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Audit", description = "The raw event stream and a check of the read model against it (AUDITOR, ADMIN)")
class AuditController {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final AuditStream stream;
    private final AuditVerifier verifier;

    AuditController(AuditStream stream, AuditVerifier verifier) {
        this.stream = stream;
        this.verifier = verifier;
    }

    @GetMapping("/api/v1/audit/events")
    @Operation(summary = "Events in global order after a global index; next is the after of the following page")
    AuditPage events(@RequestParam(required = false) Long after, @RequestParam(required = false) Integer limit) {
        if (after != null && after < 0) {
            throw Params.invalid("after", "must be 0 or more");
        }
        if (limit != null && (limit < 1 || limit > MAX_LIMIT)) {
            throw Params.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return stream.page(after == null ? 0 : after, limit == null ? DEFAULT_LIMIT : limit);
    }

    @PostMapping("/api/v1/audit/verify")
    @Operation(summary = "Re-derive every position from the event store and list where the read model differs")
    VerifyReport verify() {
        return verifier.verify();
    }
}
