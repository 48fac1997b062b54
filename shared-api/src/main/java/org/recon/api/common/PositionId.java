package org.recon.api.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * One SKU at one location: the identity of an {@code InventoryPosition}. Its string form
 * {@code SKU@LOCATION} is unambiguous because {@code @} is not allowed in codes.
 */
public record PositionId(Sku sku, LocationCode location) {

    public static PositionId of(String sku, String location) {
        return new PositionId(Sku.of(sku), LocationCode.of(location));
    }

    @JsonCreator
    public static PositionId parse(String value) {
        int at = value.indexOf('@');
        if (at < 0) {
            throw new IllegalArgumentException("not a position id: " + value);
        }
        return of(value.substring(0, at), value.substring(at + 1));
    }

    @JsonValue
    public String asString() {
        return sku.value() + "@" + location.value();
    }

    @Override
    public String toString() {
        return asString();
    }
}
