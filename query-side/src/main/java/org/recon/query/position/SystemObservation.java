package org.recon.query.position;

import java.time.Instant;
import java.util.Map;

/** A system's last accepted observation of a position: the latest time and each state it reported. */
public record SystemObservation(Instant observedAt, Map<String, Long> quantities) {
}
