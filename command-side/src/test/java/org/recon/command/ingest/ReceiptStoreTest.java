package org.recon.command.ingest;

import org.junit.jupiter.api.Test;
import org.recon.command.support.CommandSideIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The chunk path's receipts: written once, with the outcome, and never twice for one key. */
class ReceiptStoreTest extends CommandSideIntegrationTest {

    private static final String SYSTEM = "ERP";

    @Autowired
    ReceiptStore receipts;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aChunksReceiptsAreWrittenOnceWithTheirOutcomes() {
        transactions.executeWithoutResult(tx -> receipts.recordAll(SYSTEM, List.of(
                decided("receipt-once-2", "SKU-R@LOC-R", "APPLIED", null),
                decided("receipt-once-1", null, "PARKED", "inbox-1"))));

        assertThat(receipts.find(SYSTEM, "receipt-once-1")).get()
                .extracting(ReceiptStore.Receipt::outcome, ReceiptStore.Receipt::positionId, ReceiptStore.Receipt::inboxId)
                .containsExactly("PARKED", null, "inbox-1");
        assertThat(receipts.find(SYSTEM, "receipt-once-2")).get()
                .extracting(ReceiptStore.Receipt::outcome, ReceiptStore.Receipt::positionId, ReceiptStore.Receipt::fingerprint)
                .containsExactly("APPLIED", "SKU-R@LOC-R", "fp-receipt-once-2");
    }

    @Test
    void aKeyAlreadyRecordedRefusesTheWholeChunk() {
        transactions.executeWithoutResult(tx -> receipts.recordAll(SYSTEM,
                List.of(decided("receipt-taken", "SKU-R@LOC-R", "APPLIED", null))));

        assertThatThrownBy(() -> transactions.executeWithoutResult(tx -> receipts.recordAll(SYSTEM, List.of(
                decided("receipt-fresh", "SKU-R@LOC-R", "APPLIED", null),
                decided("receipt-taken", "SKU-R@LOC-R", "DUPLICATE", null)))))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(receipts.find(SYSTEM, "receipt-fresh")).isEmpty();
        assertThat(receipts.find(SYSTEM, "receipt-taken")).get().extracting(ReceiptStore.Receipt::outcome)
                .isEqualTo("APPLIED");
    }

    @Test
    void aKeyBeingRecordedByAnotherTransactionWaitsForItThenRefuses() throws Exception {
        CountDownLatch recordedUncommitted = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx -> {
            receipts.recordAll(SYSTEM, List.of(decided("receipt-race", "SKU-R@LOC-R", "APPLIED", null)));
            recordedUncommitted.countDown();
            released(mayCommit);
        }));
        assertThat(recordedUncommitted.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(tx ->
                receipts.recordAll(SYSTEM, List.of(decided("receipt-race", "SKU-R@LOC-R", "APPLIED", null)))));
        // the second statement waits on the first transaction's key
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("""
                select count(*) from pg_stat_activity
                where wait_event_type = 'Lock' and query like 'insert into ingest_receipt%'""").query(Long.class).single() == 1);
        assertThat(second).isNotDone();
        mayCommit.countDown();

        first.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> second.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(DuplicateKeyException.class);
        assertThat(receipts.find(SYSTEM, "receipt-race")).isPresent();
    }

    private static ReceiptStore.Decided decided(String eventId, String positionId, String outcome, String inboxId) {
        return new ReceiptStore.Decided(eventId, IngestService.MOVEMENT, "fp-" + eventId, positionId, outcome, inboxId);
    }

    private static void released(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
