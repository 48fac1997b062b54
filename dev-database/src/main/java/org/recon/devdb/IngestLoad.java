package org.recon.devdb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sustained single-movement ingest from a few threads, as an integrator sends it (the fault tests of both services): each thread sends the next
 * movement as soon as it has an answer (or a refused connection) for the last, never the same eventId twice. Each
 * movement is an ERP {@code RECEIVED} of 1 to 9 units on a purchase order of its own ({@code PO-<eventId>}).
 */
public final class IngestLoad implements AutoCloseable {

    public final Map<String, Integer> acknowledged = new ConcurrentHashMap<>();
    public final AtomicInteger unavailable = new AtomicInteger();
    public final AtomicInteger unavailableWithRetryAfter = new AtomicInteger();
    public final AtomicInteger refused = new AtomicInteger();
    public final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    private final String prefix;
    private final int skus;
    private final String location;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> senders = new ArrayList<>();

    public IngestLoad(Api commands, int threads, String prefix, int skus, String location) {
        this(List.of(commands), threads, prefix, skus, location);
    }

    /** Threads spread over several command nodes (thread t sends to node t modulo their number), to the same SKUs. */
    public IngestLoad(List<Api> commandNodes, int threads, String prefix, int skus, String location) {
        this.prefix = prefix;
        this.skus = skus;
        this.location = location;
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Api commands = commandNodes.get(t % commandNodes.size());
            Thread sender = new Thread(() -> send(commands, thread), prefix + "-load-" + t);
            sender.start();
            senders.add(sender);
        }
    }

    private void send(Api commands, int thread) {
        int i = 0;
        while (running.get()) {
            i++;
            String eventId = "erp-" + prefix + "-" + thread + "-" + i;
            int quantity = 1 + i % 9;
            try {
                var response = commands.post("/api/v1/movements", "erp-dev-key", """
                        {"eventId": "%s", "type": "RECEIVED", "occurredAt": "2026-03-02T10:00:00Z", "sku": "%s",
                         "location": "%s", "quantity": %d, "document": {"type": "PO", "id": "PO-%s"}}"""
                        .formatted(eventId, skuOf(eventId), location, quantity, eventId));
                if (response.status() == 200) {
                    acknowledged.put(eventId, quantity);
                } else if (response.status() == 503) {
                    unavailable.incrementAndGet();
                    if (response.headers().firstValue("Retry-After").isPresent()
                            && response.contentType().startsWith("application/problem+json")) {
                        unavailableWithRetryAfter.incrementAndGet();
                    }
                } else {
                    unexpected.add(response.status() + " " + response.body());
                }
            } catch (RuntimeException connectionRefusedWhileTheServiceIsDown) {
                refused.incrementAndGet();
            }
        }
    }

    /** The SKU a movement of this load went to, from its eventId. */
    public String skuOf(String eventId) {
        int i = Integer.parseInt(eventId.substring(eventId.lastIndexOf('-') + 1));
        return prefix.toUpperCase(java.util.Locale.ROOT) + "-" + (i % skus);
    }

    /** Stops sending and waits for every thread's last answer. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread sender : senders) {
            sender.join(30_000);
        }
    }
}
