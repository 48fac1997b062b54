package org.recon.query.operations;

/** A projection processor's progress: {@code lag} in events behind the head, {@code replayProgress} 0..1. */
public record ProcessorStatus(String name, Long position, Long head, Long lag, boolean replaying, double replayProgress) {
}
