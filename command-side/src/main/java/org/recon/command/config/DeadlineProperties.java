package org.recon.command.config;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The persistent deadline scheduler ({@code recon.deadlines.*}).
 *
 * @param threads         worker threads that fire due deadlines
 * @param pollingInterval how often the scheduler looks for due deadlines; bounds how late a window closes
 */
@Validated
@ConfigurationProperties("recon.deadlines")
public record DeadlineProperties(@DefaultValue("2") @Min(1) int threads,
                                 @DefaultValue("PT1S") @NotNull Duration pollingInterval) {
}
