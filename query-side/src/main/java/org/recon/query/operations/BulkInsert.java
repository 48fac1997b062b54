package org.recon.query.operations;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Inserts (or upserts) the rows of a batch into one table, in the current transaction: with PostgreSQL's {@code COPY}
 * when the batch holds at least {@link #COPY_FROM_ROWS} rows (a replay, a catch-up), with a batched {@code INSERT}
 * otherwise. An upsert replaces every column outside the key of a row already present; it copies the rows into a
 * temporary table of the connection, emptied at every commit, and inserts them from there with the same
 * {@code ON CONFLICT} clause. As with a multi-row insert, a batch must not hold two rows of one key (the batch's writes
 * keep the last, see {@link BatchWrites}).
 * <p>
 * Why both: {@code COPY} adds the rows page by page (one heap insert and WAL record for many rows) instead of
 * evaluating a multi-row {@code VALUES} list; in batches of 2,000 it took about 40 % less CPU (client and PostgreSQL
 * together) per inserted timeline row, 15 % less per new upserted row and 10 % less per updated one; for a handful of
 * rows, as live ingest commits them, its extra round trip and unprepared statement cost more than they save
 * (DECISIONS §18).
 * Both paths write the same values: each row's columns come from one function, as {@code String}, {@code Long},
 * {@code Boolean}, {@link java.time.OffsetDateTime} (see {@link SqlTimestamps}) or {@code null}.
 *
 * @param <R> the row
 */
public final class BulkInsert<R> {

    /** The smallest batch written with {@code COPY}. */
    public static final int COPY_FROM_ROWS = 64;

    private final String insert;
    private final String copy;
    /** Creates the staging table of an upsert, or {@code null} for a plain insert. */
    private final String stage;
    private final String insertStaged;
    private final int columns;
    private final Function<R, Object[]> values;

    /**
     * @param table   the table
     * @param columns its columns, in the order {@code values} gives them
     * @param values  one row's values, one per column
     */
    public static <R> BulkInsert<R> inserting(String table, List<String> columns, Function<R, Object[]> values) {
        return new BulkInsert<>(table, columns, null, values);
    }

    /**
     * @param table   the table
     * @param columns its columns, in the order {@code values} gives them
     * @param key     the columns of its primary key (or of another unique index), among {@code columns}
     * @param values  one row's values, one per column
     */
    public static <R> BulkInsert<R> upserting(String table, List<String> columns, List<String> key,
                                              Function<R, Object[]> values) {
        if (!columns.containsAll(key)) {
            throw new IllegalArgumentException("the key " + key + " is not among the columns " + columns);
        }
        String onConflict = "on conflict (" + String.join(", ", key) + ") do update set " + String.join(", ",
                columns.stream().filter(column -> !key.contains(column)).map(column -> column + " = excluded." + column)
                        .toList());
        return new BulkInsert<>(table, columns, onConflict, values);
    }

    private BulkInsert(String table, List<String> columns, String onConflict, Function<R, Object[]> values) {
        String names = String.join(", ", columns);
        String conflict = onConflict == null ? "" : " " + onConflict;
        this.insert = "insert into " + table + " (" + names + ") values ("
                + String.join(", ", columns.stream().map(column -> "?").toList()) + ")" + conflict;
        String copyTarget = onConflict == null ? table : "staged_" + table;
        this.copy = "copy " + copyTarget + " (" + names + ") from stdin (format csv)";
        // emptied at every commit; emptied here too, for a second write to the table in the same transaction
        this.stage = onConflict == null ? null
                : "create temporary table if not exists " + copyTarget + " (like " + table + ") on commit delete rows; "
                + "delete from " + copyTarget;
        this.insertStaged = onConflict == null ? null
                : "insert into " + table + " (" + names + ") select " + names + " from " + copyTarget + conflict;
        this.columns = columns.size();
        this.values = values;
    }

    /** Writes {@code rows}; for a plain insert, a key already present fails the whole batch. */
    public void writeAll(JdbcTemplate jdbc, Collection<R> rows) {
        if (rows.size() >= COPY_FROM_ROWS) {
            copyAll(jdbc, rows);
        } else {
            jdbc.batchUpdate(insert, rows, rows.size(), (statement, row) -> {
                Object[] columnValues = valuesOf(row);
                for (int i = 0; i < columnValues.length; i++) {
                    statement.setObject(i + 1, columnValues[i]);
                }
            });
        }
    }

    private void copyAll(JdbcTemplate jdbc, Collection<R> rows) {
        StringBuilder csv = new StringBuilder(rows.size() * 256);
        // every value quoted but null, written as nothing: PostgreSQL reads an empty unquoted value as NULL, "" as the
        // empty string, and a quoted \. as data rather than the end of it
        try (CSVPrinter printer = new CSVPrinter(csv, CSVFormat.POSTGRESQL_CSV)) {
            for (R row : rows) {
                printer.printRecord(valuesOf(row));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringBuilder does not throw
        }
        if (stage != null) {
            jdbc.execute(stage);
        }
        jdbc.execute((ConnectionCallback<Long>) connection -> {
            try {
                return connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(csv.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (insertStaged != null) {
            jdbc.update(insertStaged);
        }
    }

    private Object[] valuesOf(R row) {
        Object[] columnValues = values.apply(row);
        if (columnValues.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " values, got " + columnValues.length);
        }
        return columnValues;
    }
}
