package org.recon.query.operations;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.recon.query.support.QuerySideIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkInsertTest extends QuerySideIntegrationTest {

    private static final List<String> AWKWARD_TEXT = List.of("", "a,b", "say \"hi\"", "line one\nline two\r\n", "\\.",
            "back\\slash", "ünïcødé ✓", "  spaced  ", "NULL", "\"", ",");
    private static final BulkInsert<Row> SMALL = bulkInsert("bulk_insert_small");
    private static final BulkInsert<Row> LARGE = bulkInsert("bulk_insert_large");
    private static final BulkInsert<Row> SMALL_UPSERT = bulkUpsert("bulk_insert_small");
    private static final BulkInsert<Row> LARGE_UPSERT = bulkUpsert("bulk_insert_large");

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    TransactionTemplate transaction;

    record Row(long id, String text, Boolean flag, Long amount, Instant at) {
    }

    private static BulkInsert<Row> bulkInsert(String table) {
        return BulkInsert.inserting(table, List.of("id", "text", "flag", "amount", "at"),
                row -> new Object[] {row.id(), row.text(), row.flag(), row.amount(), SqlTimestamps.utc(row.at())});
    }

    private static BulkInsert<Row> bulkUpsert(String table) {
        return BulkInsert.upserting(table, List.of("id", "text", "flag", "amount", "at"), List.of("id"),
                row -> new Object[] {row.id(), row.text(), row.flag(), row.amount(), SqlTimestamps.utc(row.at())});
    }

    @BeforeEach
    void tables() {
        for (String table : List.of("bulk_insert_small", "bulk_insert_large")) {
            jdbc.execute("create table if not exists " + table
                    + " (id bigint primary key, text text, flag boolean, amount bigint, at timestamptz)");
            jdbc.execute("truncate " + table);
        }
    }

    @Test
    void aLargeBatchCopiedReadsBackExactlyAsTheSameRowsInsertedInSmallBatches() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(0, null, null, null, null));
        for (int i = 0; i < AWKWARD_TEXT.size(); i++) {
            rows.add(new Row(i + 1, AWKWARD_TEXT.get(i), i % 2 == 0, (long) i * -1_000_000_007L,
                    Instant.parse("2026-06-01T08:00:00.123456789Z").plusSeconds(i)));
        }
        IntStream.range(rows.size(), BulkInsert.COPY_FROM_ROWS + 5).forEach(id ->
                rows.add(new Row(id, "row " + id, true, (long) id, Instant.parse("2026-06-01T08:00:00Z"))));

        for (int from = 0; from < rows.size(); from += 10) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + 10));
            transaction.executeWithoutResult(status -> SMALL.writeAll(jdbc, chunk));
        }
        transaction.executeWithoutResult(status -> LARGE.writeAll(jdbc, rows));

        List<Map<String, Object>> copied = contentOf("bulk_insert_large");
        assertThat(copied).hasSize(rows.size()).isEqualTo(contentOf("bulk_insert_small"));
        assertThat(copied.get(0)).containsEntry("text", null).containsEntry("flag", null).containsEntry("at", null);
        for (int i = 0; i < AWKWARD_TEXT.size(); i++) {
            assertThat(copied.get(i + 1).get("text")).isEqualTo(AWKWARD_TEXT.get(i));
        }
        assertThat(copied.get(1).get("at").toString()).isEqualTo("2026-06-01 08:00:00.123457+00");
    }

    @Test
    void aCopiedBatchWithAKeyAlreadyPresentFailsWhole() {
        transaction.executeWithoutResult(status -> LARGE.writeAll(jdbc, List.of(new Row(7, "first", true, 1L, null))));
        List<Row> rows = IntStream.range(0, BulkInsert.COPY_FROM_ROWS)
                .mapToObj(id -> new Row(id, "again", false, 2L, null)).toList();

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> LARGE.writeAll(jdbc, rows)))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(contentOf("bulk_insert_large")).singleElement().satisfies(row -> assertThat(row)
                .containsEntry("id", 7L).containsEntry("text", "first"));
    }

    @Test
    void anUpsertUpdatesTheRowsPresentAndAddsTheOthersWhetherCopiedOrInserted() {
        List<Row> first = IntStream.range(0, BulkInsert.COPY_FROM_ROWS)
                .mapToObj(id -> new Row(id, "first " + id, true, (long) id, null)).toList();
        List<Row> second = IntStream.range(BulkInsert.COPY_FROM_ROWS / 2, BulkInsert.COPY_FROM_ROWS * 2)
                .mapToObj(id -> new Row(id, id % 3 == 0 ? null : "second, \"" + id + "\"", false, -(long) id,
                        Instant.parse("2026-06-01T08:00:00Z").plusMillis(id))).toList();

        for (List<Row> rows : List.of(first, second)) {
            for (int from = 0; from < rows.size(); from += 10) {
                List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + 10));
                transaction.executeWithoutResult(status -> SMALL_UPSERT.writeAll(jdbc, chunk));
            }
        }
        // both in one transaction: the second copy must not take the first one's rows along again
        transaction.executeWithoutResult(status -> {
            LARGE_UPSERT.writeAll(jdbc, first);
            LARGE_UPSERT.writeAll(jdbc, second);
        });

        List<Map<String, Object>> copied = contentOf("bulk_insert_large");
        assertThat(copied).hasSize(BulkInsert.COPY_FROM_ROWS * 2).isEqualTo(contentOf("bulk_insert_small"));
        assertThat(copied.get(1)).containsEntry("text", "first 1").containsEntry("flag", true);
        assertThat(copied.get(34)).containsEntry("flag", false).containsEntry("text", "second, \"34\"");
        assertThat(copied.get(33)).containsEntry("flag", false).containsEntry("text", null);
    }

    private List<Map<String, Object>> contentOf(String table) {
        return jdbc.queryForList("select id, text, flag, amount, at::text as at from " + table + " order by id");
    }
}
