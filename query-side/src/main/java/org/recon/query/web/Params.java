package org.recon.query.web;

import org.recon.api.common.CanonicalCode;
import org.recon.support.web.ApiException;
import org.recon.support.web.FieldViolation;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Checks of query parameters; each failure is a 400 naming the parameter. */
public final class Params {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    private Params() {
    }

    public static int page(Integer page) {
        if (page == null) {
            return 0;
        }
        if (page < 0) {
            throw invalid("page", "must be 0 or more");
        }
        return page;
    }

    public static int size(Integer size) {
        if (size == null) {
            return DEFAULT_SIZE;
        }
        if (size < 1 || size > MAX_SIZE) {
            throw invalid("size", "must be between 1 and " + MAX_SIZE);
        }
        return size;
    }

    public static String code(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        CanonicalCode.problem(raw).ifPresent(p -> {
            throw invalid(field, p);
        });
        return CanonicalCode.normalise(raw);
    }

    public static String text(String raw) {
        return raw == null || raw.isBlank() ? null : raw.trim();
    }

    public static <E extends Enum<E>> String oneOf(String field, String raw, Class<E> type) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String wanted = raw.trim().toUpperCase(Locale.ROOT);
        if (Arrays.stream(type.getEnumConstants()).noneMatch(c -> c.name().equals(wanted))) {
            throw invalid(field, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
        return wanted;
    }

    public static Instant instant(String field, String raw, boolean required) {
        if (raw == null || raw.isBlank()) {
            if (required) {
                throw invalid(field, "is required (ISO-8601 instant, e.g. 2026-01-01T10:00:00Z)");
            }
            return null;
        }
        try {
            return OffsetDateTime.parse(raw.trim()).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(raw.trim());
            } catch (DateTimeParseException again) {
                throw invalid(field, "must be an ISO-8601 instant with offset, e.g. 2026-01-01T10:00:00Z");
            }
        }
    }

    public static ApiException invalid(String field, String message) {
        return ApiException.invalid(List.of(new FieldViolation(field, message)));
    }
}
