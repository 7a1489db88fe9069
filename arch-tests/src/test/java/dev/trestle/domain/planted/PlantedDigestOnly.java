package dev.trestle.domain.planted;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** A test-only "domain" class that only hashes, as {@code ScopeHash} does: the purity rule accepts it. */
public final class PlantedDigestOnly {
    private PlantedDigestOnly() {
    }

    public static byte[] digest(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
