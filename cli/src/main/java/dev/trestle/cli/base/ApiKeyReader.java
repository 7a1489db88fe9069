package dev.trestle.cli.base;

import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;

/**
 * Gets an API key for {@code providers set-key}: from a named environment variable, or read from the terminal /
 * standard input. Never from a command-line argument (it would end up in shell history and process lists), and
 * never echoed or put into a message.
 */
public final class ApiKeyReader {
    private ApiKeyReader() {
    }

    /**
     * @param fromEnv  {@code --from-env VAR}, or null to read the terminal/stdin
     * @param env      the process environment
     * @param terminal where to read when no variable is named
     * @return the trimmed key, never empty
     */
    public static String read(String providerId, String fromEnv, Map<String, String> env, Terminal terminal)
            throws CliException {
        if (fromEnv != null) {
            if (fromEnv.isBlank()) {
                throw new CliException(ExitCodes.USAGE, "--from-env needs the name of an environment variable");
            }
            String value = env.get(fromEnv);
            if (value == null || value.isBlank()) {
                throw new CliException(ExitCodes.USAGE,
                        "environment variable " + fromEnv + " is not set or empty");
            }
            return value.trim();
        }
        char[] secret;
        try {
            secret = terminal.readSecret("API key for " + providerId + " (input hidden): ");
        } catch (UncheckedIOException e) {
            throw new CliException(ExitCodes.USAGE, "could not read the API key from standard input");
        }
        if (secret == null) {
            throw new CliException(ExitCodes.USAGE,
                    "no API key on standard input; pipe it in or use --from-env VAR");
        }
        String key = new String(secret).trim();
        Arrays.fill(secret, '\0');
        if (key.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "the API key is empty");
        }
        return key;
    }
}
