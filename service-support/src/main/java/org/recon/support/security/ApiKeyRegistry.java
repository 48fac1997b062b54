package org.recon.support.security;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Looks up the caller of a request by its API key. Keys are compared by their SHA-256 in constant
 * time, against every configured key, so the time taken says nothing about which key came close.
 */
public final class ApiKeyRegistry {

    private record Entry(byte[] hash, ApiKeyPrincipal principal) {
    }

    private final List<Entry> entries;

    public ApiKeyRegistry(ApiKeyProperties properties, Environment environment) {
        boolean embedded = environment.acceptsProfiles(Profiles.of(DemoKeys.EMBEDDED_PROFILE));
        this.entries = properties.apiKeys().stream().map(key -> {
            if (!embedded && DemoKeys.isDemoHash(key.sha256())) {
                throw new IllegalStateException("API key '" + key.name() + "' is a published demo key; demo keys are "
                        + "accepted only with the '" + DemoKeys.EMBEDDED_PROFILE + "' profile. Configure keys of your own "
                        + "in recon.security.api-keys.");
            }
            if (key.role() == Role.SOURCE && (key.system() == null || key.system().isBlank())) {
                throw new IllegalStateException("API key '" + key.name() + "' has role SOURCE but names no system");
            }
            if (key.role() == Role.OPERATOR && (key.team() == null || key.team().isBlank())) {
                throw new IllegalStateException("API key '" + key.name() + "' has role OPERATOR but names no team");
            }
            String system = key.system() == null ? null : key.system().trim().toUpperCase();
            return new Entry(HexFormat.of().parseHex(key.sha256().toLowerCase()),
                    new ApiKeyPrincipal(key.name(), key.role(), system, key.team()));
        }).toList();
    }

    public Optional<ApiKeyPrincipal> lookup(String presentedKey) {
        byte[] presented = DemoKeys.digest(presentedKey);
        ApiKeyPrincipal found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.hash(), presented)) {
                found = entry.principal();
            }
        }
        return Optional.ofNullable(found);
    }
}
