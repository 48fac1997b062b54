package org.recon.query.timeline;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.Message;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which global indexes a batch's tracking tokens prove, and which must be looked up in the event store. */
class GlobalIndexesTest {

    @Test
    void anEventRightAfterAGapFreeTokenIsAtItsTokensIndex() {
        List<Message<?>> batch = List.of(event("a", token(10)), event("b", token(11)), event("c", token(12)));

        assertThat(GlobalIndexes.provenByTokens(batch))
                .as("the first of a batch has no token before it").containsOnlyKeys("b", "c")
                .containsEntry("b", 11L).containsEntry("c", 12L);
    }

    @Test
    void anEventThatFillsAGapIsNotAtItsTokensIndex() {
        // 12 commits before 11: its token jumps by two and leaves a gap; 11 then fills it, with a token at 12
        List<Message<?>> batch = List.of(event("at-10", token(10)), event("at-12", token(12, 11)),
                event("at-11", token(12)));

        assertThat(GlobalIndexes.provenByTokens(batch)).isEmpty();
    }

    @Test
    void anEventAfterAnEventThisProcessorDoesNotHandleIsLookedUp() {
        // 12 is not in the batch (not handled here); 11 fills the gap it left, with a token at 12 and no gaps
        List<Message<?>> batch = List.of(event("at-10", token(10)), event("at-11", token(12)));

        assertThat(GlobalIndexes.provenByTokens(batch)).isEmpty();
    }

    @Test
    void aTokenBeforeWithGapsProvesNothing() {
        // index 8 may still arrive, with a token at 11
        List<Message<?>> batch = List.of(event("at-10", token(10, 8)), event("next", token(11, 8)));

        assertThat(GlobalIndexes.provenByTokens(batch)).isEmpty();
    }

    @Test
    void replayTokensAreReadThroughToTheirCurrentPosition() {
        TrackingToken reset = token(1_000);
        ReplayToken first = (ReplayToken) ReplayToken.createReplayToken(reset, token(4));
        TrackingToken second = first.advancedTo(token(5));
        List<Message<?>> batch = List.of(event("a", first), event("b", second));

        assertThat(GlobalIndexes.provenByTokens(batch)).containsExactly(java.util.Map.entry("b", 5L));
    }

    @Test
    void aMessageWithoutATokenBreaksTheChain() {
        List<Message<?>> batch = List.of(event("a", token(10)), GenericEventMessage.asEventMessage("untracked"),
                event("c", token(11)));

        assertThat(GlobalIndexes.provenByTokens(batch)).isEmpty();
    }

    private static TrackingToken token(long index, long... gaps) {
        return GapAwareTrackingToken.newInstance(index, java.util.Arrays.stream(gaps).boxed().collect(
                java.util.stream.Collectors.toCollection(java.util.TreeSet::new)));
    }

    private static TrackedEventMessage<?> event(String identifier, TrackingToken token) {
        return new GenericTrackedEventMessage<>(token, new GenericEventMessage<>(identifier, "payload of " + identifier,
                java.util.Map.of(), java.time.Instant.EPOCH));
    }
}
