package org.recon.api.position;

import java.util.EnumSet;
import java.util.Set;

/** A business step one system reports for one SKU at one location (DESIGN 4.3). */
public enum MovementType {
    RESERVATION_CREATED,
    RESERVATION_RELEASED,
    ORDER_COMMITTED,
    ORDER_CANCELLED,
    PICKED,
    SHIPPED,
    RECEIPT_EXPECTED,
    RECEIVED,
    TRANSFER_SHIPPED,
    TRANSFER_RECEIVED,
    RETURN_RECEIVED,
    RETURN_RESTOCKED,
    RETURN_DAMAGED,
    DAMAGED,
    SCRAPPED,
    REFUND_ISSUED,
    ADJUSTED,
    COUNTED;

    private static final Set<MovementType> WITHOUT_DOCUMENT = EnumSet.of(
            RESERVATION_CREATED, RESERVATION_RELEASED, DAMAGED, SCRAPPED, ADJUSTED, COUNTED);

    /** Whether a movement of this type must name its business document. */
    public boolean requiresDocument() {
        return !WITHOUT_DOCUMENT.contains(this);
    }
}
