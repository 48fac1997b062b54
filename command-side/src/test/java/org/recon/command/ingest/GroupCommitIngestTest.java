package org.recon.command.ingest;

import org.junit.jupiter.api.Test;
import org.recon.command.support.CommandSideIntegrationTest;
import org.recon.devdb.Api;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Single requests gathered into chunks against the real application and PostgreSQL: every runner is held on a
 * receipt lock while the other requests queue, so that they are decided together once it is let go; each must get
 * exactly the answer (status, content type, body) it gets when the same requests are sent one at a time.
 */
class GroupCommitIngestTest extends CommandSideIntegrationTest {

    private static final int MOVEMENTS = 8;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    GroupCommit groups;

    @Autowired
    IngestProperties properties;

    private record Request(String path, String key, String eventId, String body) {
    }

    private static Request movement(String prefix, int i, int quantity) {
        return new Request("/api/v1/movements", "erp-dev-key", prefix + "-M-" + i, """
                {"eventId": "%s-M-%d", "type": "RECEIVED", "occurredAt": "2026-03-02T10:00:00Z", "sku": "%s-%d",
                 "location": "WH-GC", "quantity": %d, "document": {"type": "PO", "id": "PO-%d"}}"""
                .formatted(prefix, i, prefix, i, quantity, i));
    }

    private static Request held(String prefix, int i) {
        return new Request("/api/v1/movements", "erp-dev-key", prefix + "-HOLD-" + i, """
                {"eventId": "%s-HOLD-%d", "type": "RECEIVED", "occurredAt": "2026-03-02T10:00:00Z", "sku": "%s-HOLD-%d",
                 "location": "WH-GC", "quantity": 1, "document": {"type": "PO", "id": "PO-H"}}"""
                .formatted(prefix, i, prefix, i));
    }

    /**
     * What is sent behind the held ones: new movements, their duplicates and conflicting versions, movements with
     * codes nobody mapped (parked), observations and a duplicate of one, and an invalid movement.
     */
    private static List<Request> behindTheHeldOnes(String prefix) {
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < MOVEMENTS; i++) {
            requests.add(movement(prefix, i, 3));
        }
        requests.add(movement(prefix, 0, 3));
        requests.add(movement(prefix, 1, 3));
        requests.add(movement(prefix, 2, 4));
        requests.add(movement(prefix, 3, 4));
        for (int i = 0; i < 2; i++) {
            requests.add(new Request("/api/v1/movements", "storefront-dev-key", prefix + "-S-" + i, """
                    {"eventId": "%s-S-%d", "type": "RESERVATION_CREATED", "occurredAt": "2026-03-02T10:00:00Z",
                     "sku": "%s-SHOP-%d", "location": "WH-GC", "quantity": 1}""".formatted(prefix, i, prefix, i)));
        }
        requests.add(requests.get(requests.size() - 1));
        for (int i = 0; i < 3; i++) {
            requests.add(new Request("/api/v1/observations", "erp-dev-key", prefix + "-O-" + i, """
                    {"eventId": "%s-O-%d", "observedAt": "2026-03-02T12:00:00Z", "sku": "%s-OBS-%d", "location": "WH-GC",
                     "quantities": {"incoming": 5}}""".formatted(prefix, i, prefix, i)));
        }
        requests.add(requests.get(requests.size() - 1));
        requests.add(new Request("/api/v1/movements", "erp-dev-key", prefix + "-BAD", """
                {"eventId": "%s-BAD", "type": "DAMAGED", "occurredAt": "2026-03-02T10:00:00Z", "sku": "%s-9",
                 "location": "WH-GC", "quantity": 0}""".formatted(prefix, prefix)));
        return requests;
    }

    /** Per eventId, the answers it got (in any order), with the run's prefix taken out. */
    private static Map<String, List<String>> answersByEventId(String prefix, List<Request> requests,
                                                              List<Api.Response> responses) {
        Map<String, List<String>> answers = new TreeMap<>();
        for (int i = 0; i < requests.size(); i++) {
            Api.Response response = responses.get(i);
            answers.computeIfAbsent(requests.get(i).eventId().replace(prefix, "RUN"), key -> new ArrayList<>())
                    .add(response.status() + " " + response.contentType() + " "
                            + response.headers().firstValue("Retry-After").orElse("-") + " "
                            + response.body().replace(prefix, "RUN"));
        }
        answers.values().forEach(list -> list.sort(null));
        return answers;
    }

    private long movementEvents(String eventId) {
        return jdbc.sql("select count(*) from domain_event_entry where payload_type = 'org.recon.api.position.MovementRecorded' "
                + "and convert_from(payload, 'UTF8')::jsonb ->> 'eventId' = ?").param(eventId).query(Long.class).single();
    }

    /** The transactions that appended the new movements' events (PostgreSQL's xmin of their rows). */
    private long transactionsOfMovements(String prefix) {
        return jdbc.sql("select count(distinct xmin::text) from domain_event_entry "
                        + "where payload_type = 'org.recon.api.position.MovementRecorded' "
                        + "and convert_from(payload, 'UTF8')::jsonb ->> 'eventId' like ?")
                .param(prefix + "-M-%").query(Long.class).single();
    }

    private long requestsWaitingOnAReceiptLock() {
        return jdbc.sql("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                + "and query like 'insert into ingest_receipt%'").query(Long.class).single();
    }

    @Test
    void requestsGatheredIntoChunksGetTheAnswersTheyGetOneAtATime() throws Exception {
        Api api = api();
        assertThat(api.put("/api/v1/locations/WH-GC", "admin-dev-key", "{}").status()).isEqualTo(200);

        int runners = properties.groupParallelism();
        List<Request> oneAtATime = new ArrayList<>();
        List<Request> gathered = new ArrayList<>();
        for (int i = 1; i <= runners; i++) {
            oneAtATime.add(held("GCSEQ", i));
            gathered.add(held("GCPAR", i));
        }
        oneAtATime.addAll(behindTheHeldOnes("GCSEQ"));
        List<Api.Response> alone = new ArrayList<>();
        for (Request request : oneAtATime) {
            alone.add(api.post(request.path(), request.key(), request.body()));
        }

        List<Request> behind = behindTheHeldOnes("GCPAR");
        gathered.addAll(behind);
        List<CompletableFuture<Api.Response>> sent = new ArrayList<>();
        ExecutorService clients = Executors.newFixedThreadPool(gathered.size());
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (PreparedStatement hold = holder.prepareStatement("insert into ingest_receipt (system, event_id, kind, "
                    + "fingerprint, outcome) values ('ERP', ?, 'MOVEMENT', 'held by the test', 'PENDING')")) {
                for (int i = 1; i <= runners; i++) {
                    hold.setString(1, "GCPAR-HOLD-" + i);
                    hold.executeUpdate();
                }
            }
            // every runner (recon.ingest.group-parallelism) waits on a held receipt
            for (Request request : gathered.subList(0, runners)) {
                sent.add(CompletableFuture.supplyAsync(() -> api.post(request.path(), request.key(), request.body()), clients));
            }
            await().atMost(Duration.ofSeconds(30)).until(this::requestsWaitingOnAReceiptLock, equalTo((long) runners));
            for (Request request : behind) {
                sent.add(CompletableFuture.supplyAsync(() -> api.post(request.path(), request.key(), request.body()), clients));
            }
            // every valid request queues; the invalid one is answered at once, before anything is queued
            await().atMost(Duration.ofSeconds(30)).until(groups::waiting, equalTo(behind.size() - 1));
            assertThat(sent.get(sent.size() - 1).get(30, TimeUnit.SECONDS).status()).isEqualTo(400);
            assertThat(sent.subList(0, sent.size() - 1)).noneMatch(CompletableFuture::isDone);
            holder.rollback();
        }
        List<Api.Response> together = new ArrayList<>();
        try {
            for (CompletableFuture<Api.Response> response : sent) {
                together.add(response.get(60, TimeUnit.SECONDS));
            }
        } finally {
            clients.shutdownNow();
        }

        assertThat(answersByEventId("GCPAR", gathered, together))
                .isEqualTo(answersByEventId("GCSEQ", oneAtATime, alone));
        // the new movements were decided in one chunk, one transaction (one each when sent one at a time)
        assertThat(transactionsOfMovements("GCPAR")).isEqualTo(1);
        assertThat(transactionsOfMovements("GCSEQ")).isEqualTo(MOVEMENTS);
        for (int i = 0; i < MOVEMENTS; i++) {
            assertThat(movementEvents("GCPAR-M-" + i)).isEqualTo(1);
        }
        for (String conflicting : List.of("GCPAR-M-2", "GCPAR-M-3")) {
            assertThat(jdbc.sql("select count(*) from domain_event_entry where payload_type = "
                            + "'org.recon.api.position.DuplicateConflictRecorded' and convert_from(payload, 'UTF8')::jsonb ->> 'eventId' = ?")
                    .param(conflicting).query(Long.class).single()).isEqualTo(1);
        }
    }
}
