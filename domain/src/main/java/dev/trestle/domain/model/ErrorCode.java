package dev.trestle.domain.model;

import java.util.List;

/** Stable error codes of {@code errors.md} §2, with their default retryability and actions. */
public enum ErrorCode {
    EGRESS_CONSENT_REQUIRED(true, List.of(ErrorAction.RETRY)),
    EGRESS_BLOCKED_BY_POLICY(false, List.of(ErrorAction.SWITCH_MODEL)),
    PROVIDER_NOT_CONFIGURED(false, List.of(ErrorAction.OPEN_SETTINGS)),
    PROVIDER_AUTH_FAILED(false, List.of(ErrorAction.OPEN_SETTINGS)),
    PROVIDER_RATE_LIMITED(true, List.of(ErrorAction.RETRY, ErrorAction.SWITCH_MODEL)),
    PROVIDER_QUOTA_EXCEEDED(false, List.of(ErrorAction.OPEN_SETTINGS, ErrorAction.SWITCH_MODEL)),
    PROVIDER_UNAVAILABLE(true, List.of(ErrorAction.RETRY, ErrorAction.SWITCH_MODEL)),
    NETWORK_UNAVAILABLE(true, List.of(ErrorAction.RETRY, ErrorAction.SWITCH_MODEL)),
    SANDBOX_VIOLATION(false, List.of()),
    VALIDATION_FAILED(false, List.of()),
    CONTEXT_EXHAUSTED(false, List.of(ErrorAction.SWITCH_MODEL)),
    DISK_FULL(false, List.of(ErrorAction.FREE_DISK_SPACE, ErrorAction.RETRY)),
    FILE_READ_FAILED(false, List.of(ErrorAction.RETRY)),
    FILE_WRITE_FAILED(false, List.of(ErrorAction.RETRY)),
    CHECKPOINT_CREATE_FAILED(false, List.of(ErrorAction.RETRY, ErrorAction.FREE_DISK_SPACE)),
    CHECKPOINT_RESTORE_FAILED(false, List.of(ErrorAction.RETRY, ErrorAction.RESTORE_CHECKPOINT)),
    CONFLICT_PUBLISHED_CHANGED(false, List.of()),
    USER_CANCELED(false, List.of(ErrorAction.RETRY)),
    BUDGET_CAP_REACHED(false, List.of());

    private final boolean retryable;
    private final List<ErrorAction> defaultActions;

    ErrorCode(boolean retryable, List<ErrorAction> defaultActions) {
        this.retryable = retryable;
        this.defaultActions = defaultActions;
    }

    public boolean defaultRetryable() {
        return retryable;
    }

    public List<ErrorAction> defaultActions() {
        return defaultActions;
    }
}
