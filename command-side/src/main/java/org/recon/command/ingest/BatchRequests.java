package org.recon.command.ingest;

import java.util.List;

/** Batch bodies: up to {@value #MAX_ITEMS} items, each accepted or refused on its own. */
final class BatchRequests {

    static final int MAX_ITEMS = 1000;

    private BatchRequests() {
    }

    record MovementBatch(List<MovementRequest> movements) {
    }

    record ObservationBatch(List<ObservationRequest> observations) {
    }

    record BatchResponse(List<IngestResponse> results) {
    }
}
