package org.recon.query.operations;

import java.time.Instant;

/** A parked event: the head of a sequence that failed, or one waiting behind it ({@code sequenceIndex} > the head's). */
public record DeadLetterView(String id, String processingGroup, String sequenceIdentifier, long sequenceIndex,
                             String eventIdentifier, String payloadType, String aggregateIdentifier,
                             Long sequenceNumber, String causeType, String causeMessage, Instant enqueuedAt,
                             Instant lastTouched) {
}
