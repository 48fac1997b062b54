package org.recon.command.ingest;

import jakarta.annotation.PreDestroy;
import org.recon.api.common.CanonicalCode;
import org.recon.support.web.ApiException;
import org.recon.support.web.FieldViolation;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the items of a batch: items of one position in the order they were sent (so a batch means
 * what it says), different positions side by side, each item in its own transaction. The answer
 * keeps the batch's order.
 */
@Component
class BatchRunner {

    /** One batch item: the position it names (as sent) and the work that answers it. */
    record Item(String sku, String location, Supplier<IngestResponse> work) {
        String positionKey() {
            return CanonicalCode.normalise(sku) + "@" + CanonicalCode.normalise(location);
        }
    }

    private final ExecutorService workers;

    BatchRunner(IngestProperties properties) {
        AtomicInteger count = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(properties.batchParallelism(), runnable -> {
            Thread thread = new Thread(runnable, "recon-batch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Answers each request of a batch on its own: what {@code ingest} makes of it, or its refusal.
     *
     * @param position the SKU and location a request names, as sent, to keep one position's items in order
     */
    <R> List<IngestResponse> runEach(List<R> requests, Function<R, String[]> position, Function<R, String> eventId,
                                     Function<R, IngestService.Result> ingest) {
        List<Item> work = new ArrayList<>(requests.size());
        for (R request : requests) {
            String[] skuAndLocation = request == null ? new String[2] : position.apply(request);
            String id = request == null ? null : eventId.apply(request);
            work.add(new Item(skuAndLocation[0], skuAndLocation[1], () -> IngestResponses.item(id, () -> {
                if (request == null) {
                    throw ApiException.invalid(List.of(new FieldViolation("item", "is null")));
                }
                return ingest.apply(request);
            })));
        }
        return run(work);
    }

    List<IngestResponse> run(List<Item> items) {
        IngestResponse[] answers = new IngestResponse[items.size()];
        Map<String, List<Integer>> byPosition = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            byPosition.computeIfAbsent(items.get(i).positionKey(), key -> new ArrayList<>()).add(i);
        }
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (List<Integer> positionItems : byPosition.values()) {
            running.add(CompletableFuture.runAsync(() -> {
                for (int index : positionItems) {
                    answers[index] = items.get(index).work().get();
                }
            }, workers));
        }
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
        return List.of(answers);
    }

    @PreDestroy
    void stop() {
        workers.shutdown();
    }
}
