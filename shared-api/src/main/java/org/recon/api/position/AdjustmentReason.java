package org.recon.api.position;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** Why a quantity was adjusted; {@code other} needs a note. */
public enum AdjustmentReason {
    CORRECTION, CYCLE_COUNT, DAMAGED, SHRINKAGE, THEFT, FOUND, RECEIVING_ERROR, SHIPPING_ERROR, PROMOTION,
    QUALITY_CONTROL, RESTOCK, DATA_ENTRY_ERROR, EXCEPTION_RESOLUTION, OTHER;

    @JsonValue
    public String code() {
        return name().toLowerCase();
    }

    @JsonCreator
    public static AdjustmentReason ofCode(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException("unknown reason: " + code));
    }

    public static Optional<AdjustmentReason> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.trim().toLowerCase();
        return Arrays.stream(values()).filter(r -> r.code().equals(wanted)).findFirst();
    }
}
