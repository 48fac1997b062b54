package org.recon.api.position;

import org.recon.api.common.SystemId;

/** A system that had not reached a step's effective quantity when its window ended. */
public record LaggingReporter(
        SystemId system,
        String reasonCode,
        long reported,
        long effective) {
}
