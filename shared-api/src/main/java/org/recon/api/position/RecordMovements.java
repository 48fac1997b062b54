package org.recon.api.position;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.PositionId;

import java.util.List;
import java.util.Map;

/**
 * Several movements of one position (a batch), decided one after the other in the order given,
 * each exactly as if it had been sent on its own as a {@link RecordMovement}. The result is one
 * {@link IngestOutcome} per movement, in the same order.
 *
 * @param movements every movement names {@code positionId}
 */
public record RecordMovements(@TargetAggregateIdentifier PositionId positionId, List<Item> movements) {

    /**
     * One movement and the audit metadata ({@code system}, {@code eventId}, {@code actor}, {@code reason})
     * that the events it causes carry, as a single {@link RecordMovement} sent with that metadata would.
     */
    public record Item(RecordMovement movement, Map<String, String> metaData) {
    }

    public RecordMovements {
        movements = List.copyOf(movements);
        for (Item item : movements) {
            if (!positionId.equals(item.movement().positionId())) {
                throw new IllegalArgumentException("movement " + item.movement().eventId() + " names "
                        + item.movement().positionId().asString() + ", not " + positionId.asString());
            }
        }
    }
}
