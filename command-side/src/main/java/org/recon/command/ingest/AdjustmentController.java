package org.recon.command.ingest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Manual adjustments by operators and admins: they change the reconciled value whoever owns the state. */
@RestController
@RequestMapping(path = "/api/v1/adjustments", consumes = MediaType.APPLICATION_JSON_VALUE,
        produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Adjustments", description = "Manual corrections with a reason code (OPERATOR, ADMIN)")
class AdjustmentController {

    @Schema(example = """
            {"sku": "TSHIRT-RED-M", "location": "WH-EAST", "state": "on_hand", "delta": -1,
             "reason": "shrinkage", "note": "cycle count found a torn bag"}""")
    record AdjustmentRequest(@Schema(description = "Optional idempotency key; generated when absent") String eventId,
                             String sku, String location,
                             @Schema(description = "State to adjust (not available); default on_hand") String state,
                             @Schema(type = "integer", description = "Signed, not 0") Object delta,
                             @Schema(description = "Reason code; 'other' needs a note") String reason,
                             String note) {
    }

    private final IngestValidation validation;
    private final AdjustmentService adjustments;

    AdjustmentController(IngestValidation validation, AdjustmentService adjustments) {
        this.validation = validation;
        this.adjustments = adjustments;
    }

    @PostMapping
    @Operation(summary = "Adjust one state of a position")
    ResponseEntity<IngestResponse> adjust(@RequestBody AdjustmentRequest request, Authentication caller) {
        ValidMovement adjustment = validation.adjustment(request == null ? null : request.eventId(),
                request == null ? null : request.sku(), request == null ? null : request.location(),
                request == null ? null : request.state(), request == null ? null : request.delta(),
                request == null ? null : request.reason(), request == null ? null : request.note());
        return IngestResponses.single(adjustments.adjust(adjustment, Callers.principal(caller).name()));
    }
}
