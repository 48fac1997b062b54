package org.recon.command.config;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many positions the command side keeps in memory between commands ({@code recon.positions.*}).
 *
 * @param cacheSize      positions kept (least recently used out; only committed state): a position outside the cache
 *                       is read back from the event store and rebuilt from its history for its next command
 * @param cacheHeldItems the document steps and applied movements the cached positions may hold together, about
 *                       0.35 KB of heap each (1.5 million is about half the default 1 GiB heap): a position's state
 *                       grows with its history, so the count above alone bounds nothing; the bound is best above what
 *                       the active positions hold (docs/DECISIONS.md, section 10)
 */
@Validated
@ConfigurationProperties("recon.positions")
public record PositionCacheProperties(
        @DefaultValue("20000") @Min(1) int cacheSize,
        @DefaultValue("1500000") @Min(1) long cacheHeldItems) {
}
