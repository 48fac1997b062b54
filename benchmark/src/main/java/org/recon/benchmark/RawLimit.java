package org.recon.benchmark;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The database's own limit: rows of the event store's shape (same columns, constraints and
 * BIGSERIAL, payload and metadata of the measured average size) inserted straight over JDBC into
 * the same PostgreSQL, in a scratch schema that is dropped afterwards.
 */
final class RawLimit {

    record Insert(long rows, int concurrency, int rowsPerTransaction, double seconds, Histogram latencyMicros) {
        double rowsPerSecond() {
            return rows / seconds;
        }

        double p(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    record Read(long rows, double seconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private static final String SCHEMA = "recon_bench_raw";
    private final String url;
    private final String user;
    private final String password;

    RawLimit(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    long scalar(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Vacuums and analyses every table of the database (outside a transaction, as VACUUM requires). */
    void vacuumAnalyze() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("vacuum (analyze)");
        }
    }

    /**
     * Cumulative counters of the database: transactions committed and rolled back, and rows
     * inserted, updated (and of those, updated in place: heap-only tuples) and deleted per table, and scans per table (index or sequential: one per lookup) (PostgreSQL's statistics, flushed within about a second).
     */
    Map<String, Long> statistics() throws SQLException {
        Map<String, Long> m = new TreeMap<>();
        try (Connection c = connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select xact_commit, xact_rollback from pg_stat_database where datname = current_database()")) {
                rs.next();
                m.put("transactions committed", rs.getLong(1));
                m.put("transactions rolled back", rs.getLong(2));
            }
            try (ResultSet rs = s.executeQuery("select relname, n_tup_ins, n_tup_upd, n_tup_del,"
                    + " coalesce(seq_scan, 0) + coalesce(idx_scan, 0), n_tup_hot_upd from pg_stat_user_tables"
                    + " where schemaname = current_schema()")) {
                while (rs.next()) {
                    m.put(rs.getString(1) + " inserted", rs.getLong(2));
                    m.put(rs.getString(1) + " updated", rs.getLong(3));
                    m.put(rs.getString(1) + " updated in place (no index entry)", rs.getLong(6));
                    m.put(rs.getString(1) + " deleted", rs.getLong(4));
                    m.put(rs.getString(1) + " scans (lookups)", rs.getLong(5));
                }
            }
        }
        return m;
    }

    /** Per-unit difference of two {@link #statistics()} snapshots, leaving out what did not change. */
    static Map<String, Object> perUnit(Map<String, Long> before, Map<String, Long> after, double units) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (d != 0 && units > 0) {
                m.put(e.getKey(), Math.round(d / units * 100.0) / 100.0);
            }
        }
        return m;
    }

    /** Average payload and metadata sizes in the real event store (bytes). */
    int[] averageSizes() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select coalesce(avg(length(payload)),300)::int, coalesce(avg(length(meta_data)),200)::int"
                     + " from (select payload, meta_data from domain_event_entry order by global_index desc limit 10000) t")) {
            rs.next();
            return new int[]{rs.getInt(1), rs.getInt(2)};
        }
    }

    void createTable() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
            s.execute("create schema " + SCHEMA);
            s.execute("create table " + SCHEMA + ".domain_event_entry ("
                    + " global_index bigserial not null primary key,"
                    + " event_identifier varchar(255) not null unique,"
                    + " meta_data bytea, payload bytea not null, payload_revision varchar(255),"
                    + " payload_type varchar(255) not null, time_stamp varchar(255) not null,"
                    + " aggregate_identifier varchar(255) not null, sequence_number bigint not null, type varchar(255),"
                    + " unique (aggregate_identifier, sequence_number))");
        }
    }

    void dropTable() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("drop schema if exists " + SCHEMA + " cascade");
        }
    }

    /** Inserts {@code rows} rows with {@code concurrency} connections, {@code perTx} rows per transaction. */
    Insert insert(long rows, int concurrency, int perTx, int payloadBytes, int metaBytes, int aggregates)
            throws Exception {
        createTable(); // a fresh, empty table for every measurement
        ConcurrentHistogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        AtomicLong next = new AtomicLong();
        byte[] payload = randomBytes(payloadBytes);
        byte[] meta = randomBytes(metaBytes);
        List<Connection> connections = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Connection c = connect();
            c.setAutoCommit(perTx == 1);
            connections.add(c);
        }
        String sql = "insert into " + SCHEMA + ".domain_event_entry (event_identifier, meta_data, payload, payload_revision,"
                + " payload_type, time_stamp, aggregate_identifier, sequence_number, type) values (?,?,?,?,?,?,?,?,?)";
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        for (Connection c : connections) {
            Thread t = new Thread(() -> {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    while (true) {
                        long first = next.getAndAdd(perTx);
                        if (first >= rows) {
                            return;
                        }
                        long last = Math.min(rows, first + perTx);
                        long t0 = System.nanoTime();
                        for (long n = first; n < last; n++) {
                            ps.setString(1, UUID.randomUUID().toString());
                            ps.setBytes(2, meta);
                            ps.setBytes(3, payload);
                            ps.setString(4, null);
                            ps.setString(5, "org.recon.api.position.MovementRecorded");
                            ps.setString(6, Instant.now().toString());
                            ps.setString(7, "RAW-SKU-" + (n % aggregates) + "@RAW-LOC");
                            ps.setLong(8, n / aggregates);
                            ps.setString(9, "InventoryPosition");
                            if (perTx == 1) {
                                ps.executeUpdate();
                            } else {
                                ps.addBatch();
                            }
                        }
                        if (perTx > 1) {
                            ps.executeBatch();
                            c.commit();
                        }
                        latency.recordValue((System.nanoTime() - t0) / 1000);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }, "raw-insert");
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        for (Connection c : connections) {
            c.close();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("raw insert failed", failures.get(0));
        }
        return new Insert(rows, concurrency, perTx, seconds, latency.copy());
    }

    /** Reads the real event store in global order, as a tracking processor does (all columns). */
    Read scanEventStore(long limit) throws SQLException {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            long start = System.nanoTime();
            long rows = 0;
            try (PreparedStatement ps = c.prepareStatement("select global_index, event_identifier, meta_data, payload,"
                    + " payload_revision, payload_type, time_stamp, aggregate_identifier, sequence_number, type"
                    + " from domain_event_entry order by global_index limit ?")) {
                ps.setFetchSize(1000);
                ps.setLong(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getBytes(3);
                        rs.getBytes(4);
                        rows++;
                    }
                }
            }
            c.commit();
            return new Read(rows, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Reads one aggregate's events in sequence order (what an as-of rebuild must at least do). */
    Read readAggregate(String aggregateId) throws SQLException {
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("select payload, meta_data, payload_type,"
                + " sequence_number from domain_event_entry where aggregate_identifier = ? order by sequence_number")) {
            ps.setString(1, aggregateId);
            ps.setFetchSize(1000);
            c.setAutoCommit(false);
            long best = Long.MAX_VALUE;
            long rows = 0;
            for (int i = 0; i < 5; i++) {
                long start = System.nanoTime();
                rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getBytes(1);
                        rows++;
                    }
                }
                best = Math.min(best, System.nanoTime() - start);
            }
            c.commit();
            return new Read(rows, best / 1e9);
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[Math.max(n, 1)];
        // printable, like a JSON or XML payload, so TOAST compression behaves similarly
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (32 + ThreadLocalRandom.current().nextInt(95));
        }
        return b;
    }
}
