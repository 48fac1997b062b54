package org.recon.command.exception;

/**
 * A command on an exception that its lifecycle or its ownership does not allow; raised before any
 * event is applied, so nothing changes.
 */
class ExceptionRuleViolation extends RuntimeException {

    enum Kind {
        /** The state machine does not allow it (e.g. resolving twice): 409. */
        INVALID_TRANSITION,
        /** The caller's team does not own the exception: 403. */
        NOT_OWNER,
        /** The command itself is incomplete (the REST layer validates first): 400. */
        INVALID_COMMAND
    }

    private final Kind kind;

    ExceptionRuleViolation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    static ExceptionRuleViolation transition(String message) {
        return new ExceptionRuleViolation(Kind.INVALID_TRANSITION, message);
    }
}
