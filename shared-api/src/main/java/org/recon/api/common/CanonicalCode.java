package org.recon.api.common;

import java.util.Locale;
import java.util.Optional;

/** The normalisation and syntax shared by SKU and location codes: trimmed, upper-cased, 1-64 of {@code A-Z 0-9 - _ . : /}. */
public final class CanonicalCode {

    private CanonicalCode() {
    }

    public static String normalise(String raw) {
        return raw == null ? null : raw.trim().toUpperCase(Locale.ROOT);
    }

    /** Why {@code raw} is not a valid code, or empty when it is. */
    public static Optional<String> problem(String raw) {
        return problem(raw, normalise(raw));
    }

    private static Optional<String> problem(String raw, String normalised) {
        if (raw == null || raw.isBlank()) {
            return Optional.of("is required");
        }
        if (normalised.length() > 64) {
            return Optional.of("must be at most 64 characters");
        }
        if (!normalised.chars().allMatch(CanonicalCode::isAllowed)) {
            return Optional.of("may contain only letters, digits and - _ . : /");
        }
        return Optional.empty();
    }

    /** Checked for every code of every event read back, so a character test rather than a regular expression. */
    private static boolean isAllowed(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' || c == '/' || c == '-';
    }

    static String require(String raw, String what) {
        String normalised = normalise(raw);
        problem(raw, normalised).ifPresent(p -> {
            throw new IllegalArgumentException(what + " " + p + ": '" + raw + "'");
        });
        return normalised;
    }
}
