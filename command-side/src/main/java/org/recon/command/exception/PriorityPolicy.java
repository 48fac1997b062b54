package org.recon.command.exception;

import org.recon.api.exception.ExceptionReason;
import org.recon.api.exception.Priority;

/** Priority per reason and risk (DESIGN 4.5). */
final class PriorityPolicy {

    Priority priorityOf(ExceptionReason reason, boolean highRisk) {
        return switch (reason) {
            // overselling hurts customers directly: most urgent where stock is scarce or promoted
            case NEGATIVE_AVAILABLE, OVERSELL_RISK -> highRisk ? Priority.P1 : Priority.P2;
            case SOURCE_MISMATCH, QUANTITY_MISMATCH, COUNT_VARIANCE, MISSING_ACKNOWLEDGEMENT, ORPHAN_MOVEMENT ->
                    highRisk ? Priority.P2 : Priority.P3;
            case DUPLICATE_CONFLICT, UNMAPPED_IDENTITY -> highRisk ? Priority.P2 : Priority.P4;
        };
    }
}
