package org.recon.command.ingest;

import org.recon.support.security.ApiKeyPrincipal;
import org.recon.support.web.ApiException;
import org.springframework.security.core.Authentication;

/** Who is calling, from the API key; a source may only report as its own system. */
final class Callers {

    private Callers() {
    }

    static ApiKeyPrincipal principal(Authentication authentication) {
        return (ApiKeyPrincipal) authentication.getPrincipal();
    }

    /** The reporting system: the key's own; a body naming another system is refused. */
    static String reportingSystem(Authentication authentication, String claimedSource) {
        ApiKeyPrincipal caller = principal(authentication);
        if (claimedSource != null && !claimedSource.isBlank() && !claimedSource.trim().equalsIgnoreCase(caller.system())) {
            throw ApiException.forbidden("This API key reports as " + caller.system() + ", not as " + claimedSource.trim() + ".");
        }
        return caller.system();
    }
}
