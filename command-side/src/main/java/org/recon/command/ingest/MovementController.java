package org.recon.command.ingest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Movements from source systems, one at a time or in batches of up to 1,000. */
@RestController
@RequestMapping(path = "/api/v1/movements", consumes = MediaType.APPLICATION_JSON_VALUE,
        produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Movements", description = "Every inventory event from every system (SOURCE keys)")
class MovementController {

    private final IngestValidation validation;
    private final IngestService ingest;
    private final BatchRunner batches;
    private final GroupCommit groups;
    private final GroupCommit.Kind<ValidMovement> movements;

    MovementController(IngestValidation validation, IngestService ingest, BatchRunner batches, GroupCommit groups) {
        this.validation = validation;
        this.ingest = ingest;
        this.batches = batches;
        this.groups = groups;
        this.movements = new GroupCommit.Kind<>(ValidMovement::system, ValidMovement::eventId, ingest::ingestMovements,
                ingest::ingestMovement);
    }

    @PostMapping
    @Operation(summary = "Record one movement",
            description = "status: APPLIED (changed the reconciled position), ACKNOWLEDGED (matched a known step), "
                    + "DUPLICATE (same eventId and content), PARKED (inbox, with code). Same eventId with other content: 409.")
    ResponseEntity<IngestResponse> record(@RequestBody MovementRequest request, Authentication caller) {
        String system = Callers.reportingSystem(caller, request == null ? null : request.source());
        ValidMovement movement = validation.movement(system, request);
        return IngestResponses.single(groups.decide(movements, movement, Callers.principal(caller).name()));
    }

    @PostMapping("/batch")
    @Operation(summary = "Record up to 1,000 movements; each succeeds or fails on its own")
    ResponseEntity<BatchRequests.BatchResponse> recordBatch(@RequestBody BatchRequests.MovementBatch batch,
                                                            Authentication caller) {
        List<MovementRequest> items = batch == null || batch.movements() == null ? List.of() : batch.movements();
        IngestResponses.checkBatchSize(items.size());
        String actor = Callers.principal(caller).name();
        List<IngestResponse> results = batches.run(items, new BatchRunner.Ingest<MovementRequest, ValidMovement>(
                request -> new String[]{request.sku(), request.location()}, MovementRequest::eventId,
                request -> validation.movement(Callers.reportingSystem(caller, request.source()), request),
                ValidMovement::eventId, movements -> ingest.ingestMovements(movements, actor),
                movement -> ingest.ingestMovement(movement, actor)));
        return ResponseEntity.ok(new BatchRequests.BatchResponse(results));
    }
}
