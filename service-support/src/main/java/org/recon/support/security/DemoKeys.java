package org.recon.support.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The published demo keys: accepted only in the embedded profile, refused at start-up elsewhere. */
public final class DemoKeys {

    public static final String EMBEDDED_PROFILE = "embedded";

    public static final List<String> KEYS = List.of(
            "storefront-dev-key", "erp-dev-key", "warehouse-dev-key",
            "ecommerce-ops-dev-key", "erp-ops-dev-key", "warehouse-ops-dev-key",
            "auditor-dev-key", "reporter-dev-key", "admin-dev-key");

    private static final Set<String> HASHES = KEYS.stream().map(DemoKeys::sha256).collect(Collectors.toUnmodifiableSet());

    private DemoKeys() {
    }

    public static boolean isDemoHash(String sha256Hex) {
        return HASHES.contains(sha256Hex.toLowerCase());
    }

    public static String sha256(String key) {
        return HexFormat.of().formatHex(digest(key));
    }

    static byte[] digest(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
