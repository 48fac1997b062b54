package org.recon.api.position;

import org.recon.api.common.PositionId;

/**
 * A reduction that a floor ("not below 0") held back, waiting for the earlier movement of the same
 * document that arrives late (a shipment before its order's commitment): when that movement comes,
 * it absorbs the reduction, so out-of-order arrival ends where in-order arrival does.
 *
 * @param documentKey the document line both movements share ({@code ORDER/SO-1/1})
 * @param state       the floored state ({@code committed}, {@code picked}, {@code incoming})
 * @param pending     what is still held back after this event (0: nothing)
 */
public record DeferredReductionChanged(PositionId positionId, String documentKey, String state, long pending,
                                       String eventId) {
}
