package org.recon.command.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The SHA-256 of a message's normalised content: equal content, equal fingerprint. */
final class Fingerprint {

    private Fingerprint() {
    }

    static String of(String canonicalContent) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonicalContent.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
