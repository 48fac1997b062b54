package org.recon.api.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** A canonical location code (warehouse, store, ...). */
public record LocationCode(@JsonValue String value) {

    public LocationCode {
        value = CanonicalCode.require(value, "location");
    }

    @JsonCreator
    public static LocationCode of(String raw) {
        return new LocationCode(raw);
    }

    @Override
    public String toString() {
        return value;
    }
}
