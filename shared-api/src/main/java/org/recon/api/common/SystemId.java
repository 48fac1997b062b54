package org.recon.api.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.regex.Pattern;

/** A source system (STOREFRONT, ERP, WAREHOUSE, or any other configured one). */
public record SystemId(@JsonValue String value) {

    private static final Pattern ALLOWED = Pattern.compile("[A-Z0-9_-]{1,32}");

    public SystemId {
        if (value == null || !ALLOWED.matcher(value.trim().toUpperCase(Locale.ROOT)).matches()) {
            throw new IllegalArgumentException("system id must be 1-32 of A-Z 0-9 _ -: '" + value + "'");
        }
        value = value.trim().toUpperCase(Locale.ROOT);
    }

    @JsonCreator
    public static SystemId of(String raw) {
        return new SystemId(raw);
    }

    @Override
    public String toString() {
        return value;
    }
}
