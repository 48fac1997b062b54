package org.recon.command.ingest;

import org.recon.support.concurrent.DaemonThreads;

import jakarta.annotation.PreDestroy;
import org.recon.api.common.CanonicalCode;
import org.recon.support.web.ApiException;
import org.recon.support.web.FieldViolation;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Runs the items of a batch. Each item is validated on its own (a refused item answers {@code REJECTED}
 * and does not affect the others). The valid items go in chunks of about {@code recon.ingest.batch-chunk-size},
 * each chunk in one transaction ({@link IngestService#ingestMovements}); the items of one position (as sent)
 * stay in one chunk, in the order sent, and chunks run side by side. A chunk that fails is taken again item
 * by item, each in its own transaction, so one item's failure never takes the others with it
 * ({@link ChunkDecision}). A repeated eventId within the batch is taken after the rest, on its own (it is a
 * duplicate or a conflict of the first). The answer keeps the batch's order.
 */
@Component
class BatchRunner {

    /**
     * How one kind of batch item is taken in.
     *
     * @param position  the SKU and location a request names, as sent, to keep one position's items together and in order
     * @param eventId   the eventId a request names, as sent
     * @param validate  the valid item, or an {@link ApiException} that refuses it
     * @param chunk     all or nothing for valid items of one system with distinct eventIds, one result each
     * @param single    one valid item in its own transaction
     */
    record Ingest<R, V>(Function<R, String[]> position, Function<R, String> eventId, Function<R, V> validate,
                        Function<V, String> validEventId, Function<List<V>, List<IngestService.Result>> chunk,
                        Function<V, IngestService.Result> single) {
    }

    private final ExecutorService workers;
    private final int chunkSize;

    BatchRunner(IngestProperties properties) {
        this.chunkSize = properties.batchChunkSize();
        this.workers = Executors.newFixedThreadPool(properties.batchParallelism(), DaemonThreads.named("recon-batch"));
    }

    /** Answers each request of a batch on its own, in the batch's order. */
    <R, V> List<IngestResponse> run(List<R> requests, Ingest<R, V> ingest) {
        IngestResponse[] answers = new IngestResponse[requests.size()];
        List<Object> valid = new ArrayList<>(requests.size());
        Map<String, List<Integer>> byPosition = new LinkedHashMap<>();
        List<Integer> repeated = new ArrayList<>();
        Set<String> eventIds = new HashSet<>();
        for (int i = 0; i < requests.size(); i++) {
            R request = requests.get(i);
            String eventId = request == null ? null : ingest.eventId().apply(request);
            V item;
            try {
                if (request == null) {
                    throw ApiException.invalid(List.of(new FieldViolation("item", "is null")));
                }
                item = ingest.validate().apply(request);
            } catch (RuntimeException e) {
                answers[i] = IngestResponses.failure(eventId, e);
                valid.add(null);
                continue;
            }
            valid.add(item);
            if (!eventIds.add(ingest.validEventId().apply(item))) {
                repeated.add(i);
                continue;
            }
            String[] skuAndLocation = ingest.position().apply(request);
            String key = CanonicalCode.normalise(skuAndLocation[0]) + "@" + CanonicalCode.normalise(skuAndLocation[1]);
            byPosition.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
        }
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (List<Integer> chunk : chunks(byPosition)) {
            running.add(CompletableFuture.runAsync(() -> runChunk(chunk, valid, answers, ingest), workers));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        for (int index : repeated) {
            answers[index] = one(index, valid, ingest);
        }
        return List.of(answers);
    }

    /** Chunks of whole positions, each chunk's items in the batch's order. */
    private List<List<Integer>> chunks(Map<String, List<Integer>> byPosition) {
        List<List<Integer>> chunks = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (List<Integer> positionItems : byPosition.values()) {
            if (!current.isEmpty() && current.size() + positionItems.size() > chunkSize) {
                chunks.add(current);
                current = new ArrayList<>();
            }
            current.addAll(positionItems);
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        chunks.forEach(chunk -> chunk.sort(Integer::compare));
        return chunks;
    }

    @SuppressWarnings("unchecked")
    private <R, V> void runChunk(List<Integer> chunk, List<Object> valid, IngestResponse[] answers, Ingest<R, V> ingest) {
        List<V> items = new ArrayList<>(chunk.size());
        for (int index : chunk) {
            items.add((V) valid.get(index));
        }
        List<ChunkDecision.Decided> decided = ChunkDecision.decide(items, ingest.chunk(), ingest.single());
        for (int k = 0; k < chunk.size(); k++) {
            answers[chunk.get(k)] = decided.get(k).answer(ingest.validEventId().apply(items.get(k)));
        }
    }

    @SuppressWarnings("unchecked")
    private <R, V> IngestResponse one(int index, List<Object> valid, Ingest<R, V> ingest) {
        V item = (V) valid.get(index);
        String eventId = ingest.validEventId().apply(item);
        return IngestResponses.item(eventId, () -> ingest.single().apply(item));
    }

    @PreDestroy
    void stop() {
        workers.shutdown();
    }
}
