package org.recon.support.axon;

import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tells every process on the database that events were committed, with PostgreSQL {@code LISTEN/NOTIFY}
 * on one channel, so that the other processes' event stores fetch them at once instead of after their
 * {@code fetchDelay} (which stays the fallback when a notification is lost).
 * <p>
 * Sending: after each local commit {@link #eventsCommitted()} wakes a sender thread, which sends one
 * {@code NOTIFY} for every commit since its last one (a burst of commits costs one notification, and
 * the append transactions never notify themselves: PostgreSQL serialises the commits of notifying
 * transactions). Listening: a second thread holds one connection of its own (outside the pool, same
 * database and credentials) that {@code LISTEN}s, calls
 * {@code onNotification} for each notification and once after every (re)connect (notifications sent
 * while it was disconnected are lost), and reconnects after a second when the database goes away.
 */
public final class EventNotifications implements AutoCloseable {

    public static final String CHANNEL = "recon_events";
    private static final Logger log = LoggerFactory.getLogger(EventNotifications.class);
    private static final int POLL_MILLIS = 500;
    private static final long VALIDATE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    private static final long RECONNECT_MILLIS = 1_000;

    private final DataSource dataSource;
    private final long minIntervalMillis;
    private volatile Runnable onNotification = () -> { };
    /** Tells this process's notifications from the others' (the payload of each {@code NOTIFY}). */
    private final String processId = java.util.UUID.randomUUID().toString();
    private final Object signal = new Object();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean running = true;
    private final Thread sender;
    private final Thread listener;
    private volatile boolean listening;

    /**
     * @param minIntervalMillis the least time between two notifications this process sends: commits in between are
     *                          announced by the next one
     */
    public EventNotifications(DataSource dataSource, long minIntervalMillis) {
        this.dataSource = dataSource;
        this.minIntervalMillis = minIntervalMillis;
        this.sender = new Thread(this::sendLoop, "recon-event-notify");
        this.listener = new Thread(this::listenLoop, "recon-event-listen");
        sender.setDaemon(true);
        listener.setDaemon(true);
    }

    /** Starts sending and listening; {@code onNotification} runs on the listener's thread. */
    public void start(Runnable onNotification) {
        this.onNotification = onNotification;
        sender.start();
        listener.start();
    }

    /** Events were committed by this process: let the others know (asynchronously, coalesced). */
    public void eventsCommitted() {
        if (running && sender.isAlive() && pending.compareAndSet(false, true)) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    private void sendLoop() {
        while (running) {
            try {
                synchronized (signal) {
                    while (running && !pending.get()) {
                        signal.wait();
                    }
                }
                if (!running) {
                    return;
                }
                pending.set(false);
                try (Connection connection = dataSource.getConnection()) {
                    send(connection);
                } catch (SQLException | RuntimeException e) {
                    // the listeners' own polling picks the events up; do not spin while the database is away
                    log.debug("event notification not sent: {}", e.toString());
                    Thread.sleep(RECONNECT_MILLIS);
                }
                // commits until then are announced by the next notification
                Thread.sleep(minIntervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One {@code NOTIFY} in its own short transaction that does not wait for its WAL flush (nothing is lost
     * with it but a wake-up); {@code SET LOCAL} ends with the transaction, so the pooled connection's
     * other users keep durable commits.
     */
    private void send(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit TO OFF");
            statement.execute("NOTIFY " + CHANNEL + ", '" + processId + "'");
            connection.commit();
            log.trace("notified {}", CHANNEL);
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void listenLoop() {
        while (running) {
            try (Connection connection = listeningConnection()) {
                listen(connection);
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("event notifications interrupted ({}); reconnecting in {} ms, polling meanwhile", e.toString(),
                            RECONNECT_MILLIS);
                    sleepQuietly();
                }
            } finally {
                listening = false;
            }
        }
    }

    /**
     * A connection of its own, outside the pool: it never goes back to a pool still listening, and it
     * does not take a pooled connection from the requests for good.
     */
    private Connection listeningConnection() throws SQLException {
        if (dataSource instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
            Properties properties = new Properties();
            if (hikari.getUsername() != null) {
                properties.setProperty("user", hikari.getUsername());
            }
            if (hikari.getPassword() != null) {
                properties.setProperty("password", hikari.getPassword());
            }
            properties.setProperty("connectTimeout", "5");
            properties.setProperty("ApplicationName", "recon-event-listener");
            return DriverManager.getConnection(hikari.getJdbcUrl(), properties);
        }
        return dataSource.getConnection();
    }

    private void listen(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.setAutoCommit(true);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        listening = true;
        log.debug("listening for event notifications on {}", CHANNEL);
        wake(); // anything committed while nobody listened
        long validated = System.nanoTime();
        while (running) {
            PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
            if (fromOthers(notifications)) {
                received.incrementAndGet();
                log.trace("{} notification(s) received", notifications.length);
                wake();
            } else if (running && System.nanoTime() - validated > VALIDATE_NANOS) {
                // a connection cut without a reset (network) would otherwise wait for good
                if (!connection.isValid(2)) {
                    throw new SQLException("the listening connection is no longer valid");
                }
                validated = System.nanoTime();
            }
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("UNLISTEN *");
        }
    }

    /** Our own notifications need no wake-up: each local commit already woke the local store. */
    private boolean fromOthers(PGNotification[] notifications) {
        if (notifications == null) {
            return false;
        }
        String own = processId;
        for (PGNotification notification : notifications) {
            if (!own.equals(notification.getParameter())) {
                return true;
            }
        }
        return false;
    }

    private void wake() {
        try {
            onNotification.run();
        } catch (RuntimeException e) {
            log.debug("event notification not handled: {}", e.toString());
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** How many times other processes' notifications woke this one (for tests and diagnostics). */
    public long notificationsReceived() {
        return received.get();
    }

    /** Whether the listener currently holds a connection that listens (for tests and diagnostics). */
    public boolean isListening() {
        return listening;
    }

    @Override
    public void close() {
        running = false;
        synchronized (signal) {
            signal.notifyAll();
        }
        sender.interrupt();
        listener.interrupt(); // it leaves within one poll (POLL_MILLIS)
        try {
            listener.join(2_000);
            sender.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
