package org.recon.command.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.Name;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The reconciliation rules as configured ({@code recon.*}); defaults live in {@code application.yml}
 * and are documented in the README. Validated at start-up: a bad value stops the service.
 *
 * @param systems           every source system by id, with the team that owns its disagreements
 * @param ownership         source of truth per quantity state ({@code on_hand: WAREHOUSE}) and {@code catalog}
 * @param window            reconciliation windows
 * @param lowStockThreshold a position is high risk while {@code available} is at or below this
 * @param tolerance         units of disagreement accepted without a variance (high risk: zero)
 * @param sla               acknowledgement SLA per priority
 * @param expectedReporters per movement type, the systems expected to report it (overrides the defaults)
 * @param reasonMapping     per system, its own adjustment reason vocabulary mapped to ours
 */
@Validated
@ConfigurationProperties("recon")
public record ReconProperties(
        @NotEmpty @Valid Map<String, SystemSettings> systems,
        @NotEmpty Map<String, String> ownership,
        @NotNull @Valid Window window,
        @DefaultValue("5") long lowStockThreshold,
        @NotNull @Valid Tolerance tolerance,
        @NotNull @Valid Sla sla,
        @DefaultValue({}) Map<String, List<String>> expectedReporters,
        @DefaultValue({}) Map<String, Map<String, String>> reasonMapping) {

    /**
     * Map keys arrive in whatever form their source allows: an environment variable turns
     * {@code RECON_OWNERSHIP_ON_HAND} into {@code on.hand} and {@code RECON_SYSTEMS_MARKETPLACE_...}
     * into {@code marketplace}. Keys are brought to one form: systems and movement types upper case,
     * states lower case with {@code _}.
     */
    public ReconProperties {
        systems = systems == null ? null : normaliseKeys(systems, ReconProperties::systemKey);
        ownership = ownership == null ? null : normaliseKeys(ownership, ReconProperties::stateKey);
        expectedReporters = expectedReporters == null ? Map.of() : normaliseKeys(expectedReporters, ReconProperties::systemKey);
        reasonMapping = reasonMapping == null ? Map.of() : normaliseKeys(reasonMapping, ReconProperties::systemKey);
    }

    private static String systemKey(String key) {
        return key.trim().replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    private static String stateKey(String key) {
        return key.trim().replace('.', '_').replace('-', '_').toLowerCase(java.util.Locale.ROOT);
    }

    private static <V> Map<String, V> normaliseKeys(Map<String, V> source, java.util.function.UnaryOperator<String> normalise) {
        Map<String, V> result = new java.util.LinkedHashMap<>();
        source.forEach((key, value) -> {
            V previous = result.putIfAbsent(normalise.apply(key), value);
            if (previous != null && !previous.equals(value)) {
                throw new IllegalStateException("configuration key '" + key + "' is given twice with different values");
            }
        });
        return Map.copyOf(result);
    }

    public record SystemSettings(@NotBlank String ownerTeam) {
    }

    public record Window(@Name("default") @NotNull Duration standard,
                         @NotNull Duration highRisk,
                         @NotNull Duration transit) {
    }

    public record Tolerance(@Name("default") @Min(0) long standard) {
    }

    public record Sla(@NotNull Duration p1, @NotNull Duration p2, @NotNull Duration p3, @NotNull Duration p4) {
    }
}
