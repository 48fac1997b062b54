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

/** Observations: a system's absolute view of some states at a moment. */
@RestController
@RequestMapping(path = "/api/v1/observations", consumes = MediaType.APPLICATION_JSON_VALUE,
        produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Observations", description = "Snapshots of a system's numbers (SOURCE keys)")
class ObservationController {

    private final IngestValidation validation;
    private final IngestService ingest;
    private final BatchRunner batches;
    private final GroupCommit groups;
    private final GroupCommit.Kind<ValidObservation> observations;

    ObservationController(IngestValidation validation, IngestService ingest, BatchRunner batches, GroupCommit groups) {
        this.validation = validation;
        this.ingest = ingest;
        this.batches = batches;
        this.groups = groups;
        this.observations = new GroupCommit.Kind<>(ValidObservation::system, ValidObservation::eventId,
                ingest::ingestObservations, ingest::ingestObservation);
    }

    @PostMapping
    @Operation(summary = "Record one observation",
            description = "status: APPLIED, DUPLICATE, STALE (older than the last one from the same system), PARKED.")
    ResponseEntity<IngestResponse> record(@RequestBody ObservationRequest request, Authentication caller) {
        String system = Callers.reportingSystem(caller, request == null ? null : request.source());
        ValidObservation observation = validation.observation(system, request);
        return IngestResponses.single(groups.decide(observations, observation, Callers.principal(caller).name()));
    }

    @PostMapping("/batch")
    @Operation(summary = "Record up to 1,000 observations; each succeeds or fails on its own")
    ResponseEntity<BatchRequests.BatchResponse> recordBatch(@RequestBody BatchRequests.ObservationBatch batch,
                                                            Authentication caller) {
        List<ObservationRequest> items = batch == null || batch.observations() == null ? List.of() : batch.observations();
        IngestResponses.checkBatchSize(items.size());
        String actor = Callers.principal(caller).name();
        List<IngestResponse> results = batches.run(items, new BatchRunner.Ingest<ObservationRequest, ValidObservation>(
                request -> new String[]{request.sku(), request.location()}, ObservationRequest::eventId,
                request -> validation.observation(Callers.reportingSystem(caller, request.source()), request),
                ValidObservation::eventId, observations -> ingest.ingestObservations(observations, actor),
                observation -> ingest.ingestObservation(observation, actor)));
        return ResponseEntity.ok(new BatchRequests.BatchResponse(results));
    }
}
