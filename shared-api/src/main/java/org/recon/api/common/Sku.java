package org.recon.api.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A canonical SKU code. */
public record Sku(@JsonValue String value) {

    public Sku {
        value = CanonicalCode.require(value, "SKU");
    }

    @JsonCreator
    public static Sku of(String raw) {
        return new Sku(raw);
    }

    @Override
    public String toString() {
        return value;
    }
}
