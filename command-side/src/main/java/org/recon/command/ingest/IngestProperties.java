package org.recon.command.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The ingest edge ({@code recon.ingest.*}).
 *
 * @param batchParallelism chunks of batches handled side by side; items of one position stay in order
 * @param batchChunkSize   items of a batch decided in one transaction (the items of one position are never split, so
 *                         a chunk may hold more when one position has more); kept well below what the event store's
 *                         gap timeout allows for one transaction. Also the most single requests gathered into one
 *                         chunk ({@link GroupCommit})
 * @param groupParallelism chunks of gathered single movements and observations decided side by side, over all
 *                         sources ({@link GroupCommit}); requests that arrive while they run wait for the next chunk.
 *                         Around the number of cores: more chunks in flight only make each one smaller
 * @param groupLinger      how long a runner keeps a busy source's request for company before deciding it: only when
 *                         the source's previous request came less than this before it, and counted from the request's
 *                         arrival, so a quiet source never waits ({@link GroupCommit}); 0 never waits
 */
@Validated
@ConfigurationProperties("recon.ingest")
public record IngestProperties(@DefaultValue("4") @Min(1) @Max(64) int batchParallelism,
                               @DefaultValue("100") @Min(1) @Max(1000) int batchChunkSize,
                               @DefaultValue("1") @Min(1) @Max(64) int groupParallelism,
                               @DefaultValue("2ms") @NotNull @DurationMin(millis = 0) @DurationMax(millis = 50)
                               Duration groupLinger) {
}
