package org.recon.api.position;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.recon.api.common.PositionId;

import java.util.List;
import java.util.Map;

/**
 * Several observations of one position (a batch), decided one after the other in the order given,
 * each exactly as if it had been sent on its own as a {@link RecordObservation}. The result is one
 * {@link IngestOutcome} per observation, in the same order.
 *
 * @param observations every observation names {@code positionId}
 */
public record RecordObservations(@TargetAggregateIdentifier PositionId positionId, List<Item> observations) {

    /**
     * One observation and the audit metadata ({@code system}, {@code eventId}, {@code actor}) that the
     * events it causes carry, as a single {@link RecordObservation} sent with that metadata would.
     */
    public record Item(RecordObservation observation, Map<String, String> metaData) {
    }

    public RecordObservations {
        observations = List.copyOf(observations);
        for (Item item : observations) {
            if (!positionId.equals(item.observation().positionId())) {
                throw new IllegalArgumentException("observation " + item.observation().eventId() + " names "
                        + item.observation().positionId().asString() + ", not " + positionId.asString());
            }
        }
    }
}
