package dev.trestle.cli.base;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The CLI's process exit codes. They are part of its scripting contract and never renumbered: 0–9 are the CLI's
 * own outcomes, 10 and up are one per engine {@code error_code} ({@code errors.md} §2).
 */
public final class ExitCodes {
    /** Everything behaved as expected. */
    public static final int OK = 0;
    /** An unexpected failure: a protocol error, an engine crash, a bug. */
    public static final int INTERNAL = 1;
    /** Bad command line (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    /** Another engine holds the data dir (the engine's own exit code 3, {@code storage.md} §1). */
    public static final int ENGINE_BUSY = 3;
    /** The engine could not be found or started, or speaks another API version. */
    public static final int ENGINE_UNAVAILABLE = 4;
    /** A {@code trestle tour} step did not behave as expected. */
    public static final int TOUR_FAILED = 5;
    /** The engine dropped the request ({@code $/cancelRequest}, JSON-RPC -32800). */
    public static final int REQUEST_CANCELLED = 6;
    /** The engine answered with an {@code error_code} this CLI does not know. */
    public static final int UNKNOWN_ERROR_CODE = 9;

    private static final Map<String, Integer> BY_ERROR_CODE;

    static {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("VALIDATION_FAILED", 10);
        m.put("PROVIDER_NOT_CONFIGURED", 11);
        m.put("PROVIDER_AUTH_FAILED", 12);
        m.put("EGRESS_CONSENT_REQUIRED", 13);
        m.put("EGRESS_BLOCKED_BY_POLICY", 14);
        m.put("PROVIDER_RATE_LIMITED", 15);
        m.put("PROVIDER_UNAVAILABLE", 16);
        m.put("NETWORK_UNAVAILABLE", 17);
        m.put("SANDBOX_VIOLATION", 18);
        m.put("CONTEXT_EXHAUSTED", 19);
        m.put("DISK_FULL", 20);
        m.put("FILE_READ_FAILED", 21);
        m.put("FILE_WRITE_FAILED", 22);
        m.put("CHECKPOINT_CREATE_FAILED", 23);
        m.put("CHECKPOINT_RESTORE_FAILED", 24);
        m.put("CONFLICT_PUBLISHED_CHANGED", 25);
        m.put("USER_CANCELED", 26);
        m.put("BUDGET_CAP_REACHED", 27);
        m.put("PROVIDER_QUOTA_EXCEEDED", 28);
        BY_ERROR_CODE = Collections.unmodifiableMap(m);
    }

    private ExitCodes() {
    }

    /** Exit code for an engine {@code error_code}; {@link #UNKNOWN_ERROR_CODE} for a code not in the table. */
    public static int forErrorCode(String errorCode) {
        if (errorCode == null) {
            return UNKNOWN_ERROR_CODE;
        }
        return BY_ERROR_CODE.getOrDefault(errorCode.toUpperCase(Locale.ROOT), UNKNOWN_ERROR_CODE);
    }

    /** The engine error codes and their exit codes, in table order (for documentation and tests). */
    public static Map<String, Integer> errorCodeTable() {
        return BY_ERROR_CODE;
    }
}
