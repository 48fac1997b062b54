package org.recon.command.position;

import org.recon.api.common.QuantityState;
import org.recon.api.common.SystemId;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Which system is the source of truth of each quantity state, and of catalog identity. */
public final class Ownership {

    private final Map<QuantityState, SystemId> owners;
    private final SystemId catalogOwner;

    public Ownership(Map<QuantityState, SystemId> owners, SystemId catalogOwner) {
        this.owners = new EnumMap<>(owners);
        this.catalogOwner = catalogOwner;
    }

    public static Ownership defaults() {
        SystemId warehouse = SystemId.of("WAREHOUSE");
        SystemId erp = SystemId.of("ERP");
        SystemId storefront = SystemId.of("STOREFRONT");
        Map<QuantityState, SystemId> owners = new EnumMap<>(QuantityState.class);
        owners.put(QuantityState.ON_HAND, warehouse);
        owners.put(QuantityState.DAMAGED, warehouse);
        owners.put(QuantityState.QUALITY_CONTROL, warehouse);
        owners.put(QuantityState.PICKED, warehouse);
        owners.put(QuantityState.COMMITTED, erp);
        owners.put(QuantityState.INCOMING, erp);
        owners.put(QuantityState.SAFETY_STOCK, erp);
        owners.put(QuantityState.RESERVED, storefront);
        return new Ownership(owners, erp);
    }

    /** The owner of a stored state; {@code available} is derived and has none. */
    public Optional<SystemId> ownerOf(QuantityState state) {
        return Optional.ofNullable(owners.get(state));
    }

    public boolean owns(SystemId system, QuantityState state) {
        return system.equals(owners.get(state));
    }

    public SystemId catalogOwner() {
        return catalogOwner;
    }

    /** The system that owns availability: the storefront by default (the owner of {@code reserved}). */
    public SystemId availabilityOwner() {
        return owners.getOrDefault(QuantityState.RESERVED, SystemId.of("STOREFRONT"));
    }
}
