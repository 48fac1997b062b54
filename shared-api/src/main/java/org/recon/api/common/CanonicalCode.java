package org.recon.api.common;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The normalisation and syntax shared by SKU and location codes: trimmed, upper-cased, 1-64 of {@code A-Z 0-9 - _ . : /}. */
public final class CanonicalCode {

    private static final Pattern ALLOWED = Pattern.compile("[A-Z0-9_.:/-]{1,64}");

    private CanonicalCode() {
    }

    public static String normalise(String raw) {
        return raw == null ? null : raw.trim().toUpperCase(Locale.ROOT);
    }

    /** Why {@code raw} is not a valid code, or empty when it is. */
    public static Optional<String> problem(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.of("is required");
        }
        String normalised = normalise(raw);
        if (normalised.length() > 64) {
            return Optional.of("must be at most 64 characters");
        }
        if (!ALLOWED.matcher(normalised).matches()) {
            return Optional.of("may contain only letters, digits and - _ . : /");
        }
        return Optional.empty();
    }

    static String require(String raw, String what) {
        problem(raw).ifPresent(p -> {
            throw new IllegalArgumentException(what + " " + p + ": '" + raw + "'");
        });
        return normalise(raw);
    }
}
