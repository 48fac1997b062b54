package org.recon.query.operations;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants as the PostgreSQL driver binds them to a {@code timestamp with time zone} parameter. */
public final class SqlTimestamps {

    private SqlTimestamps() {
    }

    /** {@code instant} at UTC, or {@code null}: the driver binds {@link OffsetDateTime}, not {@link Instant}. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
