package org.recon.command.ingest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ingest edge ({@code recon.ingest.*}).
 *
 * @param batchParallelism positions of one batch handled side by side; items of one position stay in order
 */
@Validated
@ConfigurationProperties("recon.ingest")
public record IngestProperties(@DefaultValue("4") @Min(1) @Max(64) int batchParallelism) {
}
