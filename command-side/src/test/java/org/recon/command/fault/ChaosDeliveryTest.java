package org.recon.command.fault;

import org.junit.jupiter.api.Test;
import org.recon.devdb.Api;
import org.recon.command.support.CommandSideIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same day of traffic delivered twice: once clean (in order, once each) and once as real
 * integrations deliver it (shuffled, retried with the same eventId, from several threads). The
 * reconciled positions must be equal.
 */
class ChaosDeliveryTest extends CommandSideIntegrationTest {

    private static final int POSITIONS = 12;

    @Autowired
    JdbcClient jdbc;

    private record Delivery(String key, String eventId, String body) {
    }

    private static List<Delivery> day(String prefix) {
        List<Delivery> deliveries = new ArrayList<>();
        for (int p = 0; p < POSITIONS; p++) {
            String sku = prefix + "-" + p;
            int hour = 8;
            List<String[]> steps = List.of(
                    new String[]{"erp-dev-key", "RECEIPT_EXPECTED", "PO", "P" + p, "20"},
                    new String[]{"warehouse-dev-key", "RECEIVED", "PO", "P" + p, "18"},
                    new String[]{"erp-dev-key", "RECEIVED", "PO", "P" + p, "18"},
                    new String[]{"storefront-dev-key", "ORDER_COMMITTED", "ORDER", "S" + p, String.valueOf(2 + p % 3)},
                    new String[]{"erp-dev-key", "ORDER_COMMITTED", "ORDER", "S" + p, String.valueOf(2 + p % 3)},
                    new String[]{"warehouse-dev-key", "PICKED", "ORDER", "S" + p, String.valueOf(2 + p % 3)},
                    new String[]{"warehouse-dev-key", "SHIPPED", "ORDER", "S" + p, "1"},
                    new String[]{"warehouse-dev-key", "SHIPPED", "ORDER", "S" + p, String.valueOf(1 + p % 3)},
                    new String[]{"erp-dev-key", "SHIPPED", "ORDER", "S" + p, String.valueOf(2 + p % 3)},
                    new String[]{"storefront-dev-key", "RESERVATION_CREATED", null, null, "1"},
                    new String[]{"warehouse-dev-key", "DAMAGED", null, null, "1"},
                    new String[]{"warehouse-dev-key", "RETURN_RECEIVED", "RMA", "R" + p, "2"},
                    new String[]{"warehouse-dev-key", "RETURN_RESTOCKED", "RMA", "R" + p, "1"},
                    new String[]{"warehouse-dev-key", "RETURN_DAMAGED", "RMA", "R" + p, "1"});
            for (int s = 0; s < steps.size(); s++) {
                String[] step = steps.get(s);
                String eventId = prefix.toLowerCase() + "-" + p + "-" + step[1].toLowerCase() + "-" + s;
                String document = step[2] == null ? "" : ", \"document\": {\"type\": \"%s\", \"id\": \"%s\", \"line\": 1}"
                        .formatted(step[2], step[3]);
                String body = """
                        {"eventId": "%s", "type": "%s", "occurredAt": "2026-03-02T%02d:%02d:00Z", "sku": "%s",
                         "location": "WH-CHAOS", "quantity": %s%s}""".formatted(eventId, step[1], hour + s / 6, (s * 7) % 60,
                        sku, step[4], document);
                deliveries.add(new Delivery(step[0], eventId, body));
            }
        }
        return deliveries;
    }

    private Map<String, Map<String, Long>> positions(String prefix) {
        Map<String, Map<String, Long>> result = new HashMap<>();
        jdbc.sql("""
                        select split_part(e.aggregate_identifier, '@', 1) as sku, c.key as state, sum((c.value)::bigint) as total
                        from domain_event_entry e, jsonb_each_text(convert_from(e.payload, 'UTF8')::jsonb -> 'changes') c
                        where e.aggregate_identifier like ? group by 1, 2""")
                .param(prefix + "-%@WH-CHAOS")
                .query((rs, row) -> {
                    String sku = rs.getString("sku").substring(prefix.length());
                    if (rs.getLong("total") != 0) {
                        result.computeIfAbsent(sku, key -> new HashMap<>()).put(rs.getString("state"), rs.getLong("total"));
                    }
                    return null;
                }).list();
        return result;
    }

    @Test
    void shuffledRetriedConcurrentDeliveryEndsWhereTheCleanRunDoes() throws Exception {
        Api api = api();
        api.post("/api/v1/movements", "erp-dev-key", "{\"eventId\": \"seed-loc\", \"type\": \"DAMAGED\", \"occurredAt\": "
                + "\"2026-03-01T00:00:00Z\", \"sku\": \"SEED-CHAOS\", \"location\": \"WH-CHAOS\", \"quantity\": 1}");
        for (int p = 0; p < POSITIONS; p++) {
            api.put("/api/v1/skus/CLEAN-" + p, "admin-dev-key", "{}");
            api.put("/api/v1/skus/CHAOS-" + p, "admin-dev-key", "{}");
        }
        for (Delivery delivery : day("CLEAN")) {
            assertThat(api.post("/api/v1/movements", delivery.key(), delivery.body()).status()).isEqualTo(200);
        }

        List<Delivery> chaos = new ArrayList<>(day("CHAOS"));
        Random random = new Random(42);
        List<Delivery> retries = new ArrayList<>();
        for (Delivery delivery : chaos) {
            if (random.nextInt(10) < 3) {
                retries.add(delivery);
            }
        }
        chaos.addAll(retries);
        Collections.shuffle(chaos, random);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Api.Response>> calls = chaos.stream()
                    .<Callable<Api.Response>>map(delivery -> () -> api.post("/api/v1/movements", delivery.key(), delivery.body()))
                    .toList();
            for (Future<Api.Response> future : pool.invokeAll(calls)) {
                assertThat(future.get().status()).as(future.get().body()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }

        Map<String, Map<String, Long>> clean = positions("CLEAN");
        assertThat(clean).hasSize(POSITIONS);
        assertThat(positions("CHAOS")).isEqualTo(clean);
    }
}
