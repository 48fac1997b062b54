package org.recon.query.timeline;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.messaging.Message;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The global indexes a batch's tracking tokens prove, so that only the other events are looked up in the
 * event store.
 * <p>
 * A token's index is not always its event's own place: an event that commits late and fills a gap arrives
 * with a token whose index is past it. What a token does prove: when the token before it (the previous
 * event of the same batch, so no event of the stream lies between them unless this processor does not
 * handle it) has no gaps, every event at or below that token's index was delivered or given up, so the
 * next event sits above it; and no event sits above its own token's index. An event whose token's index
 * is one more than a gap-free previous token's is therefore at exactly that index. In a stream without
 * gaps whose events this processor all handles (a replay), that is every event of a batch but the first.
 */
final class GlobalIndexes {

    private GlobalIndexes() {
    }

    /** Event identifier to global index, for the events of {@code batch} (in stream order) whose tokens prove it. */
    static Map<String, Long> provenByTokens(List<? extends Message<?>> batch) {
        Map<String, Long> proven = new HashMap<>();
        GapAwareTrackingToken previous = null;
        for (Message<?> message : batch) {
            GapAwareTrackingToken token = message instanceof TrackedEventMessage<?> tracked
                    ? WrappedToken.unwrap(tracked.trackingToken(), GapAwareTrackingToken.class).orElse(null)
                    : null;
            if (previous != null && token != null && previous.getGaps().isEmpty()
                    && token.getIndex() == previous.getIndex() + 1) {
                proven.put(message.getIdentifier(), token.getIndex());
            }
            previous = token;
        }
        return proven;
    }
}
