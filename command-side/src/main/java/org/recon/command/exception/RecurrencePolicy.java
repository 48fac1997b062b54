package org.recon.command.exception;

import org.recon.api.exception.ExceptionReason;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * An exception that opens for the same position and reason within seven days of an earlier one
 * names it, so the owner sees that the fix did not hold (DESIGN 4.5).
 */
final class RecurrencePolicy {

    static final Duration WINDOW = Duration.ofDays(7);

    /** What the policy needs to know about earlier exceptions; kept behind an interface so the policy tests need no database. */
    interface History {

        /**
         * The most recent exception opened for the position and reason at or before {@code openedBefore},
         * leaving out those opened by {@code excludedTrigger} (siblings of the same condition are not recurrences).
         */
        Optional<PriorOpening> latest(String positionId, ExceptionReason reason, Instant openedBefore, String excludedTrigger);
    }

    record PriorOpening(String exceptionId, Instant openedAt) {
    }

    private final History history;

    RecurrencePolicy(History history) {
        this.history = history;
    }

    Optional<String> recurrenceOf(String positionId, ExceptionReason reason, Instant openedAt, String trigger) {
        if (positionId == null) {
            return Optional.empty();
        }
        return history.latest(positionId, reason, openedAt, trigger)
                .filter(prior -> !prior.openedAt().isBefore(openedAt.minus(WINDOW)))
                .map(PriorOpening::exceptionId);
    }
}
