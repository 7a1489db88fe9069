package dev.trestle.domain.model;

import java.util.Optional;

/** The one rule for a provider API key as the user gives it: trimmed, non-empty, printable ASCII without spaces. */
public final class ApiKey {
    private ApiKey() {
    }

    /** The trimmed key, or empty when it breaks the rule (the value itself never appears in an error). */
    public static Optional<String> normalize(String raw) {
        String key = raw == null ? "" : raw.trim();
        if (key.isEmpty() || key.chars().anyMatch(c -> c < 0x21 || c > 0x7E)) {
            return Optional.empty();
        }
        return Optional.of(key);
    }
}
