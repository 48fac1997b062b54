package org.recon.support.security;

/** The roles of an API key (DESIGN section 5). */
public enum Role {
    /** An integrating system; may report only as its own system. */
    SOURCE,
    /** A person in an operations team; may act only on that team's exceptions. */
    OPERATOR,
    AUDITOR,
    REPORTER,
    ADMIN;

    public String authority() {
        return "ROLE_" + name();
    }
}
