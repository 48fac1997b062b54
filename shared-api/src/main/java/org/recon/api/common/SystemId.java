package org.recon.api.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** A source system (STOREFRONT, ERP, WAREHOUSE, or any other configured one). */
public record SystemId(@JsonValue String value) {

    private static final Pattern ALLOWED = Pattern.compile("[A-Z0-9_-]{1,32}");
    private static final int SHARED_NAMES = 256;
    private static final Map<String, SystemId> SHARED = new ConcurrentHashMap<>();

    public SystemId {
        String normalised = value == null ? null : value.trim().toUpperCase(Locale.ROOT);
        if (normalised == null || !ALLOWED.matcher(normalised).matches()) {
            throw new IllegalArgumentException("system id must be 1-32 of A-Z 0-9 _ -: '" + value + "'");
        }
        value = normalised;
    }

    /**
     * The same instance for the same name, for the first {@value #SHARED_NAMES} names seen: every event names its
     * systems, and a position held a {@code SystemId} (and its string) per document step in its history.
     */
    @JsonCreator
    public static SystemId of(String raw) {
        SystemId known = raw == null ? null : SHARED.get(raw);
        if (known != null) {
            return known;
        }
        SystemId id = new SystemId(raw);
        if (SHARED.size() < SHARED_NAMES) {
            SHARED.putIfAbsent(raw, id);
        }
        return id;
    }

    @Override
    public String toString() {
        return value;
    }
}
