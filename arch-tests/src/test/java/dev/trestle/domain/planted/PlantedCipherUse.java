package dev.trestle.domain.planted;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;

/**
 * A test-only "domain" class that hashes (allowed) and also encrypts (forbidden): {@code DomainPurityRuleTest}
 * proves the purity rule catches it. Never part of the production classes the other rules import.
 */
public final class PlantedCipherUse {
    private PlantedCipherUse() {
    }

    public static byte[] sealed(byte[] data) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
        return Cipher.getInstance("AES/GCM/NoPadding").getIV() == null ? digest : data;
    }
}
