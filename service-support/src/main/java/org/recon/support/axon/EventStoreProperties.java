package org.recon.support.axon;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tuning of the JDBC event store ({@code recon.event-store.*}).
 *
 * @param batchSize        events read per query by tracking processors
 * @param gapTimeoutMillis how long a gap in the global index is waited for before it is given up;
 *                         sized well above the longest append transaction so no committed event is skipped
 * @param maxGapOffset     how far behind the head a gap is still tracked
 * @param fetchDelayMillis how long the event store waits before polling for events committed by another
 *                         process (the fallback when no notification arrives)
 * @param notifications    whether processes tell each other about commits with PostgreSQL {@code LISTEN/NOTIFY}
 *                         (channel {@code recon_events}), so that events committed elsewhere are read at once
 * @param wakeIntervalMillis the least time between two wake-ups of the processors by newly read events (and between
 *                         two notifications a process sends): the first after a quiet interval wakes them at once,
 *                         later ones are gathered into the next; a few milliseconds of lag buy batches instead of
 *                         one transaction per event and segment; 0 wakes them on every event
 * @param catchUpPages     pages of {@code batchSize} events kept for the processors that are behind the head (a
 *                         replay): the first to need a page reads it, the others take it over; 0 lets each read alone
 * @param cachedEvents     the latest events the store keeps for the processors that follow the head, which read them
 *                         from memory instead of the database; a processor further behind reads from the database
 *                         until it catches up. Small on purpose: Axon's 10,000 are held for seconds under load, so
 *                         every young collection copied them and then promoted them (docs/DECISIONS.md, section 7)
 */
@Validated
@ConfigurationProperties("recon.event-store")
public record EventStoreProperties(
        @DefaultValue("500") @Min(1) int batchSize,
        @DefaultValue("60000") @Min(1000) int gapTimeoutMillis,
        @DefaultValue("100000") @Min(1000) int maxGapOffset,
        @DefaultValue("50") @Min(1) long fetchDelayMillis,
        @DefaultValue("true") boolean notifications,
        @DefaultValue("50") @Min(0) @Max(1000) long wakeIntervalMillis,
        @DefaultValue("64") @Min(0) @Max(10_000) int catchUpPages,
        @DefaultValue("1000") @Min(1) @Max(1_000_000) int cachedEvents) {
}
