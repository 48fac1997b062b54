package org.recon.command.ingest;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.recon.support.web.ApiException;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which lost races a delivery's transaction is run again for, and that each retry and each give-up is counted. */
class IngestRetriesTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final IngestRetries retries = new IngestRetries(meters);

    /** Fails with each given failure in turn, then answers "decided"; counts its attempts. */
    private static final class Attempts implements Supplier<String> {
        final Deque<RuntimeException> failures;
        final AtomicInteger attempts = new AtomicInteger();

        Attempts(RuntimeException... failures) {
            this.failures = new ArrayDeque<>(List.of(failures));
        }

        @Override
        public String get() {
            attempts.incrementAndGet();
            RuntimeException next = failures.poll();
            if (next != null) {
                throw next;
            }
            return "decided";
        }
    }

    private double retried(String path, String cause) {
        return meters.get("recon.ingest.retries").tag("path", path).tag("cause", cause).counter().count();
    }

    private double exhausted(String path, String cause) {
        return meters.get("recon.ingest.retries.exhausted").tag("path", path).tag("cause", cause).counter().count();
    }

    private static RuntimeException staleAppend() {
        // as Axon reports it from inside the unit of work: the event store's duplicate key, wrapped
        return new IllegalStateException("commit failed", new ConcurrencyException("sequence number taken",
                new DuplicateKeyException("domain_event_entry_pkey")));
    }

    private static RuntimeException deadlock() {
        return new CannotAcquireLockException("deadlock", new SQLException("deadlock detected", "40P01"));
    }

    @Test
    void aStaleAppendIsRetriedUntilItWinsAndEachRetryIsCounted() {
        Attempts work = new Attempts(staleAppend(), new AggregateStreamCreationException("created meanwhile"),
                new DuplicateKeyException("ingest_receipt_pkey"));

        assertThat(retries.single(work)).isEqualTo("decided");

        assertThat(work.attempts).hasValue(4);
        assertThat(retried("single", "conflict")).isEqualTo(3);
        assertThat(retried("chunk", "conflict")).isZero();
        assertThat(exhausted("single", "conflict")).isZero();
    }

    @Test
    void aChunkIsRetriedAfterADeadlockButASingleDeliveryIsNot() {
        Attempts chunk = new Attempts(deadlock(), staleAppend());
        assertThat(retries.chunk(chunk)).isEqualTo("decided");
        assertThat(chunk.attempts).hasValue(3);
        assertThat(retried("chunk", "deadlock")).isEqualTo(1);
        assertThat(retried("chunk", "conflict")).isEqualTo(1);

        Attempts single = new Attempts(deadlock());
        assertThatThrownBy(() -> retries.single(single)).isInstanceOf(CannotAcquireLockException.class);
        assertThat(single.attempts).hasValue(1);
        // no series for what a path never retries
        assertThat(meters.find("recon.ingest.retries").tag("path", "single").tag("cause", "deadlock").counter()).isNull();

        // a deadlock after a lost race on the single path: answered as what it is, not as a race lost on every retry
        Attempts raceThenDeadlock = new Attempts(staleAppend(), deadlock());
        assertThatThrownBy(() -> retries.single(raceThenDeadlock)).isInstanceOf(CannotAcquireLockException.class);
        assertThat(raceThenDeadlock.attempts).hasValue(2);
        assertThat(exhausted("single", "conflict")).isZero();
    }

    private static Attempts alwaysStale() {
        RuntimeException[] failures = new RuntimeException[20];
        for (int i = 0; i < failures.length; i++) {
            failures[i] = staleAppend();
        }
        return new Attempts(failures);
    }

    @Test
    void aDeliveryThatLosesItsRaceEveryTimeGivesUpAfterEightRetriesAsContentionAndIsCountedOnce() {
        Attempts work = alwaysStale();

        assertThatThrownBy(() -> retries.single(work)).isInstanceOfSatisfying(ApiException.class, answer -> {
            assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(answer.code()).isEqualTo("CONTENTION");
        });

        assertThat(work.attempts).hasValue(9);
        assertThat(retried("single", "conflict")).isEqualTo(8);
        assertThat(exhausted("single", "conflict")).isEqualTo(1);
    }

    @Test
    void aChunkThatLosesItsRaceEveryTimeHandsItsItemsOnAndGivesUpOnNoDelivery() {
        Attempts work = alwaysStale();

        // thrown as it is: the caller (ChunkDecision) then takes the items one by one, each a delivery of its own
        assertThatThrownBy(() -> retries.chunk(work)).isInstanceOf(IllegalStateException.class)
                .hasCauseInstanceOf(ConcurrencyException.class);

        assertThat(work.attempts).hasValue(9);
        assertThat(retried("chunk", "conflict")).isEqualTo(8);
        assertThat(meters.find("recon.ingest.retries.exhausted").tag("path", "chunk").counter()).isNull();
        assertThat(exhausted("single", "conflict")).isZero();
    }

    @Test
    void aFailureThatNoRetryMendsIsThrownAtOnceAndCountsAsNoRetry() {
        Attempts rejected = new Attempts(new IllegalArgumentException("not a valid movement"));
        assertThatThrownBy(() -> retries.single(rejected)).isInstanceOf(IllegalArgumentException.class);
        assertThat(rejected.attempts).hasValue(1);

        // the database gone after a lost race: answered at once as what it is (a 503 upstream), not as a lost race
        Attempts unreachable = new Attempts(staleAppend(), new CannotCreateTransactionException("connection refused"));
        assertThatThrownBy(() -> retries.chunk(unreachable)).isInstanceOf(CannotCreateTransactionException.class);
        assertThat(unreachable.attempts).hasValue(2);

        assertThat(retried("chunk", "conflict")).isEqualTo(1);
        assertThat(exhausted("single", "conflict")).isZero();
    }
}
