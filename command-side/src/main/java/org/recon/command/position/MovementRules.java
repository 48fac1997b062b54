package org.recon.command.position;

import org.recon.api.common.QuantityState;
import org.recon.api.common.SystemId;
import org.recon.api.position.MovementType;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.recon.api.common.QuantityState.COMMITTED;
import static org.recon.api.common.QuantityState.DAMAGED;
import static org.recon.api.common.QuantityState.INCOMING;
import static org.recon.api.common.QuantityState.ON_HAND;
import static org.recon.api.common.QuantityState.PICKED;
import static org.recon.api.common.QuantityState.QUALITY_CONTROL;
import static org.recon.api.common.QuantityState.RESERVED;

/**
 * The table of DESIGN 4.3: what each movement type does to the reconciled position, who is
 * expected to report it and whose report is authoritative.
 */
public final class MovementRules {

    /** A signed effect per unit; {@code floorAtZero} states are never taken below zero by it. */
    record Effect(Map<QuantityState, Integer> perUnit, Set<QuantityState> floorAtZero) {
    }

    private static final Map<MovementType, Effect> EFFECTS = new EnumMap<>(MovementType.class);
    /** The state whose owner is the authority of a type. */
    private static final Map<MovementType, QuantityState> AUTHORITY_STATE = new EnumMap<>(MovementType.class);
    private static final Map<MovementType, List<String>> DEFAULT_REPORTERS = new EnumMap<>(MovementType.class);

    static {
        define(MovementType.RESERVATION_CREATED, RESERVED, List.of("STOREFRONT"), Map.of(RESERVED, 1), Set.of());
        define(MovementType.RESERVATION_RELEASED, RESERVED, List.of("STOREFRONT"), Map.of(RESERVED, -1), Set.of());
        define(MovementType.ORDER_COMMITTED, COMMITTED, List.of("STOREFRONT", "ERP"), Map.of(COMMITTED, 1), Set.of());
        define(MovementType.ORDER_CANCELLED, COMMITTED, List.of("STOREFRONT", "ERP"), Map.of(COMMITTED, -1), Set.of());
        define(MovementType.PICKED, PICKED, List.of("WAREHOUSE"), Map.of(PICKED, 1), Set.of());
        define(MovementType.SHIPPED, ON_HAND, List.of("WAREHOUSE", "ERP"),
                ordered(ON_HAND, -1, COMMITTED, -1, PICKED, -1), Set.of(COMMITTED, PICKED));
        define(MovementType.RECEIPT_EXPECTED, INCOMING, List.of("ERP"), Map.of(INCOMING, 1), Set.of());
        define(MovementType.RECEIVED, ON_HAND, List.of("WAREHOUSE", "ERP"), ordered(ON_HAND, 1, INCOMING, -1), Set.of(INCOMING));
        define(MovementType.TRANSFER_SHIPPED, ON_HAND, List.of("WAREHOUSE", "ERP"), Map.of(ON_HAND, -1), Set.of());
        define(MovementType.TRANSFER_RECEIVED, ON_HAND, List.of("WAREHOUSE", "ERP"), ordered(ON_HAND, 1, INCOMING, -1), Set.of(INCOMING));
        define(MovementType.RETURN_RECEIVED, ON_HAND, List.of("WAREHOUSE", "ERP"), ordered(ON_HAND, 1, QUALITY_CONTROL, 1), Set.of());
        define(MovementType.RETURN_RESTOCKED, QUALITY_CONTROL, List.of("WAREHOUSE"), Map.of(QUALITY_CONTROL, -1), Set.of());
        define(MovementType.RETURN_DAMAGED, QUALITY_CONTROL, List.of("WAREHOUSE"), ordered(QUALITY_CONTROL, -1, DAMAGED, 1), Set.of());
        define(MovementType.DAMAGED, DAMAGED, List.of("WAREHOUSE", "ERP"), Map.of(DAMAGED, 1), Set.of());
        define(MovementType.SCRAPPED, ON_HAND, List.of("WAREHOUSE", "ERP"), ordered(ON_HAND, -1, DAMAGED, -1), Set.of());
        define(MovementType.REFUND_ISSUED, COMMITTED, List.of("ERP"), Map.of(), Set.of());
        define(MovementType.COUNTED, ON_HAND, List.of(), Map.of(), Set.of());
        define(MovementType.ADJUSTED, ON_HAND, List.of(), Map.of(), Set.of());
    }

    private static void define(MovementType type, QuantityState authorityState, List<String> reporters,
                               Map<QuantityState, Integer> perUnit, Set<QuantityState> floorAtZero) {
        EFFECTS.put(type, new Effect(perUnit, floorAtZero));
        AUTHORITY_STATE.put(type, authorityState);
        DEFAULT_REPORTERS.put(type, reporters);
    }

    private static Map<QuantityState, Integer> ordered(Object... pairs) {
        Map<QuantityState, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((QuantityState) pairs[i], (Integer) pairs[i + 1]);
        }
        return map;
    }

    private final Ownership ownership;
    private final Map<MovementType, Set<SystemId>> expectedReporters = new EnumMap<>(MovementType.class);

    /**
     * @param ownership         who owns which state: the owner of a type's main state is its authority
     * @param reporterOverrides per type, the expected reporters replacing the defaults
     */
    public MovementRules(Ownership ownership, Map<MovementType, List<SystemId>> reporterOverrides) {
        this.ownership = ownership;
        for (MovementType type : MovementType.values()) {
            List<SystemId> reporters = reporterOverrides.containsKey(type)
                    ? reporterOverrides.get(type)
                    : DEFAULT_REPORTERS.get(type).stream().map(SystemId::of).toList();
            expectedReporters.put(type, Set.copyOf(new LinkedHashSet<>(reporters)));
        }
    }

    public static MovementRules defaults() {
        return new MovementRules(Ownership.defaults(), Map.of());
    }

    public Ownership ownership() {
        return ownership;
    }

    public SystemId authorityOf(MovementType type) {
        return ownership.ownerOf(AUTHORITY_STATE.get(type)).orElseThrow();
    }

    public Set<SystemId> expectedReporters(MovementType type) {
        return expectedReporters.get(type);
    }

    static Effect effectOf(MovementType type) {
        return EFFECTS.get(type);
    }
}
