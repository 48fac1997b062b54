package org.recon.command.ingest;

import org.recon.support.web.ApiException;
import org.recon.support.web.ApiProblemHandler;
import org.recon.support.web.FieldViolation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.function.Supplier;
import java.util.stream.Collectors;

/** Turns ingest results into the API's answers: 200 with a status, 409 for a conflicting duplicate. */
final class IngestResponses {

    private static final Logger log = LoggerFactory.getLogger(IngestResponses.class);
    static final String REJECTED = "REJECTED";

    private IngestResponses() {
    }

    static ResponseEntity<IngestResponse> single(IngestService.Result result) {
        if (result instanceof IngestService.Result.Conflict conflict) {
            throw ApiException.conflict("DUPLICATE_CONFLICT", conflict.detail());
        }
        return ResponseEntity.ok(response((IngestService.Result.Accepted) result));
    }

    static IngestResponse response(IngestService.Result.Accepted accepted) {
        return new IngestResponse(accepted.eventId(), accepted.outcome().name(), accepted.sku(), accepted.location(),
                accepted.code(), accepted.detail());
    }

    static void checkBatchSize(int size) {
        if (size == 0) {
            throw ApiException.invalid(java.util.List.of(new FieldViolation("movements", "must hold at least one item")));
        }
        if (size > BatchRequests.MAX_ITEMS) {
            throw new ApiException(HttpStatus.CONTENT_TOO_LARGE, "BATCH_TOO_LARGE",
                    "A batch holds at most " + BatchRequests.MAX_ITEMS + " items; this one has " + size + ".");
        }
    }

    /** One batch item: its failure is reported in its result and does not affect the others. */
    static IngestResponse item(String eventId, Supplier<IngestService.Result> work) {
        try {
            return item(eventId, work.get());
        } catch (RuntimeException e) {
            return failure(eventId, e);
        }
    }

    static IngestResponse item(String eventId, IngestService.Result result) {
        if (result instanceof IngestService.Result.Conflict conflict) {
            return new IngestResponse(eventId, REJECTED, null, null, "DUPLICATE_CONFLICT", conflict.detail());
        }
        return response((IngestService.Result.Accepted) result);
    }

    /** A batch item that failed: refused (its code), or not recorded because of the database or the server. */
    static IngestResponse failure(String eventId, RuntimeException error) {
        if (error instanceof ApiException refused) {
            String detail = refused.errors().isEmpty() ? refused.getMessage()
                    : refused.errors().stream().map(violation -> violation.field() + " " + violation.message())
                    .collect(Collectors.joining("; "));
            return new IngestResponse(eventId, REJECTED, null, null, refused.code(), detail);
        }
        if (ApiProblemHandler.isDatabaseUnavailable(error)) {
            return new IngestResponse(eventId, REJECTED, null, null, "DATABASE_UNAVAILABLE",
                    "The database cannot be reached; nothing was recorded for this item. Retry it.");
        }
        log.error("batch item {} failed", eventId, error);
        return new IngestResponse(eventId, REJECTED, null, null, "INTERNAL_ERROR",
                "This item failed on the server and was not recorded; it has been logged.");
    }
}
