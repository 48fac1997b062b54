package org.recon.api.common;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The quantity states of a position (names follow Shopify's). {@code on_hand = available + committed
 * + reserved + damaged + quality_control + safety_stock}; {@code available} is derived.
 */
public enum QuantityState {
    ON_HAND("on_hand"),
    AVAILABLE("available"),
    COMMITTED("committed"),
    RESERVED("reserved"),
    DAMAGED("damaged"),
    QUALITY_CONTROL("quality_control"),
    SAFETY_STOCK("safety_stock"),
    INCOMING("incoming"),
    PICKED("picked");

    /** The states that are stored; {@code available} is computed from them. */
    public static final List<QuantityState> STORED = List.of(
            ON_HAND, COMMITTED, RESERVED, DAMAGED, QUALITY_CONTROL, SAFETY_STOCK, INCOMING, PICKED);

    /** The states that, with {@code available}, make up {@code on_hand}. */
    public static final List<QuantityState> HELD_FROM_ON_HAND = List.of(
            COMMITTED, RESERVED, DAMAGED, QUALITY_CONTROL, SAFETY_STOCK);

    private final String code;

    QuantityState(String code) {
        this.code = code;
    }

    /** The contract's name: {@code on_hand}, {@code quality_control}, ... */
    @JsonValue
    public String code() {
        return code;
    }

    @JsonCreator
    public static QuantityState ofCode(String code) {
        return fromCode(code).orElseThrow(() -> new IllegalArgumentException("unknown quantity state: " + code));
    }

    public static Optional<QuantityState> fromCode(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String wanted = code.trim().toLowerCase();
        return Arrays.stream(values()).filter(s -> s.code.equals(wanted)).findFirst();
    }
}
