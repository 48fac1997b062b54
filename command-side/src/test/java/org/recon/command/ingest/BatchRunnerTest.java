package org.recon.command.ingest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.recon.api.position.IngestOutcome;
import org.recon.support.web.ApiException;
import org.recon.support.web.FieldViolation;
import org.springframework.transaction.CannotCreateTransactionException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** How a batch is cut into chunks, and what happens when a chunk fails: its items are taken one by one. */
class BatchRunnerTest {

    /** A request as sent: eventId, SKU, location; "bad" items fail validation. */
    record Request(String eventId, String sku, String location) {
    }

    private final BatchRunner runner = new BatchRunner(new IngestProperties(2, 4, 1, Duration.ZERO));
    private final List<List<String>> chunks = Collections.synchronizedList(new ArrayList<>());
    private final List<String> singles = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        runner.stop();
    }

    private static IngestService.Result applied(String eventId) {
        return new IngestService.Result.Accepted(eventId, IngestOutcome.APPLIED, "SKU", "LOC", null, null);
    }

    private List<IngestResponse> run(List<Request> requests, Function<List<String>, List<IngestService.Result>> chunk) {
        return runner.run(requests, new BatchRunner.Ingest<Request, String>(
                request -> new String[] {request.sku(), request.location()}, Request::eventId,
                request -> {
                    if (request.eventId().startsWith("bad")) {
                        throw ApiException.invalid(List.of(new FieldViolation("quantity", "must be at least 1")));
                    }
                    return request.eventId();
                },
                eventId -> eventId,
                items -> {
                    chunks.add(List.copyOf(items));
                    return chunk.apply(items);
                },
                eventId -> {
                    singles.add(eventId);
                    return applied(eventId);
                }));
    }

    private static List<IngestService.Result> allApplied(List<String> items) {
        return items.stream().map(BatchRunnerTest::applied).toList();
    }

    @Test
    void chunksHoldWholePositionsInTheOrderSentAndInvalidItemsNeverReachThem() {
        List<Request> requests = List.of(new Request("a1", "A", "L"), new Request("b1", "b", "l"), new Request("bad-1", "A", "L"),
                new Request("a2", " a ", "L"), new Request("c1", "C", "L"), new Request("a3", "A", "L"),
                new Request("d1", "D", "L"), new Request("e1", "E", "L"));
        List<IngestResponse> answers = run(requests, BatchRunnerTest::allApplied);

        assertThat(answers).extracting(IngestResponse::eventId)
                .containsExactly("a1", "b1", "bad-1", "a2", "c1", "a3", "d1", "e1");
        assertThat(answers).extracting(IngestResponse::status)
                .containsExactly("APPLIED", "APPLIED", "REJECTED", "APPLIED", "APPLIED", "APPLIED", "APPLIED", "APPLIED");
        assertThat(answers.get(2).code()).isEqualTo("VALIDATION_FAILED");
        // A's three items (codes as sent, normalised) stay in one chunk, in order; no chunk above 4 unless one position is
        assertThat(chunks).containsExactlyInAnyOrder(List.of("a1", "b1", "a2", "a3"), List.of("c1", "d1", "e1"));
        assertThat(singles).isEmpty();
    }

    @Test
    void aChunkThatFailsIsTakenItemByItem() {
        List<Request> requests = List.of(new Request("a1", "A", "L"), new Request("a2", "A", "L"), new Request("b1", "B", "L"));
        List<IngestResponse> answers = run(requests, items -> {
            throw new IllegalStateException("one item broke the chunk");
        });
        assertThat(answers).extracting(IngestResponse::status).containsOnly("APPLIED");
        assertThat(singles).containsExactly("a1", "a2", "b1");
    }

    @Test
    void aChunkThatCannotReachTheDatabaseAnswersItsItemsSo() {
        List<Request> requests = List.of(new Request("a1", "A", "L"), new Request("b1", "B", "L"));
        List<IngestResponse> answers = run(requests, items -> {
            throw new CannotCreateTransactionException("no connection");
        });
        assertThat(answers).extracting(IngestResponse::code).containsOnly("DATABASE_UNAVAILABLE");
        assertThat(singles).isEmpty();
    }

    @Test
    void aRepeatedEventIdIsTakenAfterTheRestOnItsOwn() {
        List<Request> requests = List.of(new Request("a1", "A", "L"), new Request("a1", "A", "L"), new Request("b1", "B", "L"));
        List<IngestResponse> answers = run(requests, BatchRunnerTest::allApplied);
        assertThat(answers).extracting(IngestResponse::eventId).containsExactly("a1", "a1", "b1");
        assertThat(chunks).containsExactly(List.of("a1", "b1"));
        assertThat(singles).containsExactly("a1");
    }

    @Test
    void aConflictInAChunkAnswersOnlyThatItem() {
        List<Request> requests = List.of(new Request("a1", "A", "L"), new Request("a2", "A", "L"));
        List<IngestResponse> answers = run(requests, items -> List.of(applied("a1"),
                new IngestService.Result.Conflict("a2", "other content")));
        assertThat(answers).extracting(IngestResponse::status).containsExactly("APPLIED", "REJECTED");
        assertThat(answers.get(1).code()).isEqualTo("DUPLICATE_CONFLICT");
    }
}
