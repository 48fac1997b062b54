package org.recon.command.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.recon.support.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs a delivery's transaction again when it lost a race that a second attempt wins: another delivery (on this
 * node or another command node) appended to the same position first, or recorded the same receipt, and for a
 * chunk, which locks several positions and receipts, a deadlock with another chunk. The loser reloads and decides
 * on what is there now; what it decided before is rolled back.
 *
 * <p>Every retry is counted ({@code recon.ingest.retries}, by path and cause) and so is every delivery that
 * gave up ({@code recon.ingest.retries.exhausted}), because these races are otherwise visible only as latency:
 * a rising count means command nodes (or one busy source's concurrent requests) contend for the same positions.
 * A delivery that loses every attempt is answered 503 {@code CONTENTION} with {@code Retry-After} (a batch item:
 * rejected with that code): nothing of it was recorded, and the same delivery later is safe. A chunk that loses
 * every attempt has not given up on anyone: its failure is thrown as it is, and its items are then taken one by one
 * ({@link ChunkDecision}), each a delivery of its own that is counted if it gives up.
 */
@Component
class IngestRetries {

    private static final Logger log = LoggerFactory.getLogger(IngestRetries.class);

    /** Why a transaction is worth running again. */
    enum Cause {
        /** a stale position (its next sequence number already taken) or a receipt recorded meanwhile */
        CONFLICT,
        /** two transactions (or two units of work) waited for each other's locks: one was refused */
        DEADLOCK
    }

    /** Which path retried: one delivery in its own transaction, or a chunk of deliveries in one transaction. */
    enum Path {
        SINGLE,
        CHUNK
    }

    private final Retrier single;
    private final Retrier chunk;

    IngestRetries(MeterRegistry meters) {
        // a chunk locks several positions and receipts, in an order that another chunk may cross: its deadlocks too
        this.single = new Retrier(Path.SINGLE, Set.of(Cause.CONFLICT), true, meters);
        this.chunk = new Retrier(Path.CHUNK, Set.of(Cause.CONFLICT, Cause.DEADLOCK), false, meters);
    }

    /** One delivery: retried on a conflict. */
    <T> T single(Supplier<T> work) {
        return single.run(work);
    }

    /** A chunk: retried on a conflict or a deadlock. */
    <T> T chunk(Supplier<T> work) {
        return chunk.run(work);
    }

    /** The cause that makes this failure worth a retry, if any, found anywhere in its chain of causes. */
    private static Optional<Cause> causeOf(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (isConflictOnAppend(t)) {
                return Optional.of(Cause.CONFLICT);
            }
            if (isDeadlock(t)) {
                return Optional.of(Cause.DEADLOCK);
            }
        }
        return Optional.empty();
    }

    // Axon's exceptions are matched by name: the ingest path must not depend on which Axon module declares them
    private static boolean isConflictOnAppend(Throwable t) {
        return t instanceof DuplicateKeyException
                || t.getClass().getSimpleName().equals("ConcurrencyException")
                || t.getClass().getSimpleName().equals("AggregateStreamCreationException");
    }

    private static boolean isDeadlock(Throwable t) {
        return t.getClass().getSimpleName().equals("DeadlockException")
                || t instanceof SQLException sql && "40P01".equals(sql.getSQLState())
                || t instanceof PessimisticLockingFailureException;
    }

    /** One path's policy, its counters, and what a delivery that gave up is answered. */
    private static final class Retrier implements RetryListener {

        private final Path path;
        private final Set<Cause> retried;
        /** whether giving up answers the delivery (a single one), or only hands the items on (a chunk) */
        private final boolean givingUpAnswers;
        private final RetryTemplate template;
        private final Map<Cause, Counter> retries = new EnumMap<>(Cause.class);
        private final Map<Cause, Counter> exhausted = new EnumMap<>(Cause.class);

        Retrier(Path path, Set<Cause> retried, boolean givingUpAnswers, MeterRegistry meters) {
            this.path = path;
            this.retried = retried;
            this.givingUpAnswers = givingUpAnswers;
            this.template = new RetryTemplate(RetryPolicy.builder()
                    .predicate(error -> retriedCause(error).isPresent())
                    .maxRetries(8)
                    .delay(Duration.ofMillis(2))
                    .multiplier(2)
                    .maxDelay(Duration.ofMillis(200))
                    .jitter(Duration.ofMillis(2))
                    .build());
            template.setRetryListener(this);
            for (Cause cause : retried) {
                retries.put(cause, Counter.builder("recon.ingest.retries")
                        .description("Delivery transactions run again after losing a race for a position or receipt")
                        .tag("path", name(path))
                        .tag("cause", name(cause))
                        .register(meters));
                if (givingUpAnswers) {
                    exhausted.put(cause, Counter.builder("recon.ingest.retries.exhausted")
                            .description("Deliveries that still lost their race after every retry (answered 503 CONTENTION)")
                            .tag("path", name(path))
                            .tag("cause", name(cause))
                            .register(meters));
                }
            }
        }

        private Optional<Cause> retriedCause(Throwable error) {
            return causeOf(error).filter(retried::contains);
        }

        <T> T run(Supplier<T> work) {
            try {
                return template.execute(work::get);
            } catch (RetryException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (givingUpAnswers && retriedCause(cause).isPresent()) {
                    // not a fault of the request nor of the server: the same delivery is likely to win a little later
                    throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "CONTENTION",
                            "Other deliveries kept changing the same position at the same moment; nothing was recorded. "
                                    + "Retry later.");
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                if (cause instanceof Error fatal) {
                    throw fatal;
                }
                throw new IllegalStateException(cause);
            }
        }

        @Override
        public void beforeRetry(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
            retriedCause(state.getLastException()).ifPresent(cause -> retries.get(cause).increment());
        }

        @Override
        public void onRetryPolicyExhaustion(RetryPolicy policy, Retryable<?> retryable, RetryException exception) {
            // also called when the last failure was not worth a retry (a rejection, the database gone): not counted
            Optional<Cause> cause = retriedCause(exception.getCause());
            if (givingUpAnswers && cause.isPresent()) {
                exhausted.get(cause.get()).increment();
                log.warn("A {} delivery still lost its race ({}) after {} retries; it is answered 503 CONTENTION",
                        name(path), name(cause.get()), exception.getRetryCount());
            }
        }
    }

    private static String name(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
