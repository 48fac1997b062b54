package org.recon.support.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.util.List;

/**
 * API keys ({@code recon.security.api-keys}). Only the SHA-256 of a key is configured, never the key.
 */
@Validated
@ConfigurationProperties("recon.security")
public record ApiKeyProperties(@DefaultValue({}) @Valid List<ApiKey> apiKeys) {

    /**
     * @param name   who holds the key; recorded as the actor of the changes it makes
     * @param sha256 hex SHA-256 of the key
     * @param role   what the key may do
     * @param system for {@code SOURCE} keys: the system it reports as
     * @param team   for {@code OPERATOR} keys: the team whose exceptions it works on
     */
    public record ApiKey(@NotBlank String name,
                         @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits") String sha256,
                         @NotNull Role role,
                         String system,
                         String team) {
    }
}
