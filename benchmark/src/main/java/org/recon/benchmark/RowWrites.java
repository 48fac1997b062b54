package org.recon.benchmark;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the query side's two ways of writing a batch of read-model rows compare on one PostgreSQL: a multi-row
 * {@code INSERT} (the driver's rewritten batch) against {@code COPY} (straight in, or through a temporary table for an
 * upsert; the data encoded with Commons CSV as the query side's {@code BulkInsert} does), for rows of the timeline's
 * shape (inserted) and of the document steps' shape (upserted: new, and all present already), in transactions of 2,000
 * rows as a replay writes them (DECISIONS §18). One connection; CPU of this thread and of every {@code postgres}
 * process on the machine (so run it with nothing else using that database).
 * <p>
 * {@code java -jar benchmark/target/benchmark.jar row-writes <jdbc-url> <user> <password> [rows]}
 */
final class RowWrites {

    private static final int BATCH = 2_000;
    private static final String TIMELINE = "global_index bigint not null primary key, position_id varchar(140) not null, "
            + "type varchar(40) not null, system varchar(32), event_id varchar(255), occurred_at timestamptz, "
            + "recorded_at timestamptz not null, document_type varchar(64), document_id varchar(200), "
            + "document_line varchar(64), changes text not null, reason varchar(64), actor varchar(200), "
            + "exception_id varchar(100)";
    private static final String STEPS = "position_id varchar(140) not null, step_id varchar(400) not null, "
            + "document_type varchar(64) not null, document_id varchar(200) not null, line varchar(64), "
            + "sku varchar(64) not null, location varchar(64) not null, movement_type varchar(32) not null, "
            + "authority varchar(32), effective bigint not null, provisional boolean not null, reported text not null, "
            + "in_flight text not null, complete boolean not null, first_reported_at timestamptz, "
            + "primary key (position_id, step_id)";
    private static final String STEPS_CONFLICT = " on conflict (position_id, step_id) do update set "
            + "effective = excluded.effective, provisional = excluded.provisional, reported = excluded.reported, "
            + "in_flight = excluded.in_flight, complete = excluded.complete";

    private RowWrites() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
        try (Connection connection = DriverManager.getConnection(args[0] + (args[0].contains("?") ? "&" : "?")
                + "reWriteBatchedInserts=true", args[1], args[2])) {
            connection.setAutoCommit(false);
            System.out.printf("%d rows a run, transactions of %d rows; microseconds of CPU a row%n", rows, BATCH);
            System.out.printf("%-40s %8s %10s %10s %8s%n", "run", "wall s", "client", "postgres", "total");
            for (int round = 0; round < 2; round++) {
                for (boolean copy : new boolean[] {false, true}) {
                    run(connection, "timeline rows, " + (copy ? "copy" : "insert"), rows, copy, false, false);
                    run(connection, "document steps, new, " + (copy ? "copy" : "upsert"), rows, copy, true, false);
                    run(connection, "document steps, present, " + (copy ? "copy" : "upsert"), rows, copy, true, true);
                }
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("drop schema if exists recon_bench_rows cascade");
            }
            connection.commit();
        }
    }

    private static void run(Connection connection, String name, int rows, boolean copy, boolean steps,
                            boolean present) throws SQLException, IOException {
        String table = steps ? "recon_bench_rows.steps" : "recon_bench_rows.timeline";
        try (Statement statement = connection.createStatement()) {
            statement.execute("create schema if not exists recon_bench_rows");
            statement.execute("drop table if exists " + table);
            statement.execute("create table " + table + " (" + (steps ? STEPS : TIMELINE) + ")");
            statement.execute(steps ? "create index on " + table + " (document_type, document_id)"
                    : "create index on " + table + " (position_id, global_index)");
            statement.execute("create temporary table if not exists staged_steps (" + STEPS + ") on commit delete rows");
        }
        connection.commit();
        if (present) {
            write(connection, table, rows, true, true, 0); // the rows the measured run then finds
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long client = threads.getCurrentThreadCpuTime();
        long postgres = postgresTicks();
        long start = System.nanoTime();
        write(connection, table, rows, copy, steps, present ? 1 : 0);
        double wall = (System.nanoTime() - start) / 1e9;
        double clientMicros = (threads.getCurrentThreadCpuTime() - client) / 1e3 / rows;
        double postgresMicros = (postgresTicks() - postgres) * 10_000.0 / rows;
        System.out.printf("%-40s %8.1f %10.1f %10.1f %8.1f%n", name, wall, clientMicros, postgresMicros,
                clientMicros + postgresMicros);
    }

    private static void write(Connection connection, String table, int rows, boolean copy, boolean steps, int version)
            throws SQLException, IOException {
        String columns = steps ? "position_id, step_id, document_type, document_id, line, sku, location, movement_type, "
                + "authority, effective, provisional, reported, in_flight, complete, first_reported_at"
                : "global_index, position_id, type, system, event_id, occurred_at, recorded_at, document_type, "
                + "document_id, document_line, changes, reason, actor, exception_id";
        int width = columns.split(",").length;
        Instant base = Instant.parse("2026-11-27T10:00:00.123456Z");
        for (int from = 0; from < rows; from += BATCH) {
            List<Object[]> batch = new ArrayList<>(BATCH);
            for (long i = from; i < Math.min(rows, from + BATCH); i++) {
                OffsetDateTime at = OffsetDateTime.ofInstant(base.plusMillis(i), ZoneOffset.UTC);
                String position = "SKU-" + (i % 1000) + "@LOC-" + (i % 10);
                batch.add(steps
                        ? new Object[] {position, "PO|PO-" + i + "||RECEIPT_EXPECTED", "PO", "PO-" + i, null,
                                "SKU-" + (i % 1000), "LOC-" + (i % 10), "RECEIPT_EXPECTED", "ERP", 3L + version,
                                Boolean.FALSE, "{\"ERP\":3}", "{}", Boolean.TRUE, at}
                        : new Object[] {i, position, "RECEIPT_EXPECTED", "ERP", "evt-" + i, at, at.plusNanos(5_000_000),
                                "PO", "PO-" + i, null, "{\"incoming\":3}", null, null, null});
            }
            if (!copy) {
                String sql = "insert into " + table + " (" + columns + ") values ("
                        + String.join(", ", Stream.generate(() -> "?").limit(width).toList()) + ")"
                        + (steps ? STEPS_CONFLICT : "");
                try (PreparedStatement insert = connection.prepareStatement(sql)) {
                    for (Object[] row : batch) {
                        for (int c = 0; c < row.length; c++) {
                            insert.setObject(c + 1, row[c]);
                        }
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            } else {
                StringBuilder csv = new StringBuilder(batch.size() * 200);
                try (CSVPrinter printer = new CSVPrinter(csv, CSVFormat.POSTGRESQL_CSV)) {
                    for (Object[] row : batch) {
                        printer.printRecord(row);
                    }
                }
                String target = steps ? "staged_steps" : table;
                if (steps) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("delete from staged_steps");
                    }
                }
                connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("copy " + target + " (" + columns + ") from stdin (format csv)", new StringReader(csv.toString()));
                if (steps) {
                    try (Statement statement = connection.createStatement()) {
                        statement.executeUpdate("insert into " + table + " (" + columns + ") select " + columns
                                + " from staged_steps" + STEPS_CONFLICT);
                    }
                }
            }
            connection.commit();
        }
    }

    /** CPU ticks (1/100 s) of every process whose command line starts with {@code postgres}. */
    private static long postgresTicks() throws IOException {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String command = new String(Files.readAllBytes(process.resolve("cmdline")));
                    if (!command.startsWith("postgres")) {
                        continue;
                    }
                    String stat = Files.readString(process.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException | RuntimeException gone) {
                    // the process ended while we looked
                }
            }
        }
        return ticks;
    }
}
