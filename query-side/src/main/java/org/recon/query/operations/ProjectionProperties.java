package org.recon.query.operations;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tuning of the projections' pooled streaming processors ({@code recon.projections.*}).
 *
 * @param batchSize        events per transaction
 * @param segments         segments per processor when its tokens are first created: each segment costs a transaction
 *                         per batch and a pass over every event, so one per processor unless a processor alone needs
 *                         more than one thread (query nodes share processors either way)
 * @param workerThreads    threads per processor that handle events
 * @param maxDeadSequences parked sequences a processing group holds at most
 */
@Validated
@ConfigurationProperties("recon.projections")
public record ProjectionProperties(
        @DefaultValue("2000") @Min(1) @Max(10_000) int batchSize,
        @DefaultValue("1") @Min(1) @Max(64) int segments,
        @DefaultValue("2") @Min(1) @Max(64) int workerThreads,
        @DefaultValue("1024") @Min(1) int maxDeadSequences) {
}
