package org.recon.support.security;

/**
 * Who is calling: the key's name (recorded as the actor of every change it causes), its role and,
 * depending on the role, the system it reports for or the team it belongs to.
 */
public record ApiKeyPrincipal(String name, Role role, String system, String team) {

    public boolean is(Role expected) {
        return role == expected;
    }
}
