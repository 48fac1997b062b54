package org.recon.api.position;

/** One state of an observation compared with the observing system's expected view. */
public record ObservedState(
        String state,
        long reported,
        long expected,
        long unexplained,
        long inFlight,
        boolean owner,
        ObservationVerdict verdict) {
}
