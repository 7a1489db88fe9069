package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorInfoTest {

    @Test
    void draft_exists_offers_review_then_discard() {
        ErrorInfo e = ErrorInfo.validation(Phase.WORKSHOP, "draft_exists", "a Draft is open");
        assertThat(e.errorCode()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(e.retryable()).isFalse();
        assertThat(e.actions()).containsExactly(ErrorAction.REVIEW_DRAFT, ErrorAction.DISCARD_DRAFT);
        assertThat(e.detail()).isEqualTo("draft_exists: a Draft is open");
        assertThat(e.detailToken()).isEqualTo("draft_exists");
    }

    @ParameterizedTest
    @ValueSource(strings = {"proposal_invalid", "provider_rejected_request"})
    void retryable_tokens_offer_retry(String token) {
        assertThat(ErrorInfo.validation(Phase.WORKSHOP, token, "x").actions()).containsExactly(ErrorAction.RETRY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown_model", "model_not_active", "provider_mismatch", "scope_hash_mismatch", "no_draft",
            "file_limit_exceeded", "invalid_params"})
    void other_tokens_offer_no_action(String token) {
        ErrorInfo e = ErrorInfo.validation(Phase.SETTINGS, token, null);
        assertThat(e.actions()).isEmpty();
        assertThat(e.detail()).isEqualTo(token);
        assertThat(e.detailToken()).isEqualTo(token);
    }

    @Test
    void a_missing_detail_has_no_token() {
        assertThat(ErrorInfo.of(ErrorCode.DISK_FULL, Phase.PUBLISH).detailToken()).isNull();
    }

    @Test
    void default_retryability_and_actions_follow_the_code_table() {
        assertCode(ErrorCode.EGRESS_CONSENT_REQUIRED, true, ErrorAction.RETRY);
        assertCode(ErrorCode.EGRESS_BLOCKED_BY_POLICY, false, ErrorAction.SWITCH_MODEL);
        assertCode(ErrorCode.PROVIDER_NOT_CONFIGURED, false, ErrorAction.OPEN_SETTINGS);
        assertCode(ErrorCode.PROVIDER_AUTH_FAILED, false, ErrorAction.OPEN_SETTINGS);
        assertCode(ErrorCode.PROVIDER_RATE_LIMITED, true, ErrorAction.RETRY, ErrorAction.SWITCH_MODEL);
        assertCode(ErrorCode.PROVIDER_UNAVAILABLE, true, ErrorAction.RETRY, ErrorAction.SWITCH_MODEL);
        assertCode(ErrorCode.NETWORK_UNAVAILABLE, true, ErrorAction.RETRY, ErrorAction.SWITCH_MODEL);
        assertCode(ErrorCode.SANDBOX_VIOLATION, false);
        assertCode(ErrorCode.VALIDATION_FAILED, false);
        assertCode(ErrorCode.CONTEXT_EXHAUSTED, false, ErrorAction.SWITCH_MODEL);
        assertCode(ErrorCode.DISK_FULL, false, ErrorAction.FREE_DISK_SPACE, ErrorAction.RETRY);
        assertCode(ErrorCode.FILE_READ_FAILED, false, ErrorAction.RETRY);
        assertCode(ErrorCode.FILE_WRITE_FAILED, false, ErrorAction.RETRY);
        assertCode(ErrorCode.CHECKPOINT_CREATE_FAILED, false, ErrorAction.RETRY, ErrorAction.FREE_DISK_SPACE);
        assertCode(ErrorCode.CHECKPOINT_RESTORE_FAILED, false, ErrorAction.RETRY, ErrorAction.RESTORE_CHECKPOINT);
        assertCode(ErrorCode.CONFLICT_PUBLISHED_CHANGED, false);
        assertCode(ErrorCode.USER_CANCELED, false, ErrorAction.RETRY);
    }

    private static void assertCode(ErrorCode code, boolean retryable, ErrorAction... actions) {
        ErrorInfo e = ErrorInfo.of(code, Phase.WORKSHOP);
        assertThat(e.retryable()).as(code.name()).isEqualTo(retryable);
        assertThat(e.actions()).as(code.name()).containsExactly(actions);
    }

    @Test
    void withers_change_one_field_and_keep_the_rest() {
        ErrorInfo base = ErrorInfo.of(ErrorCode.EGRESS_CONSENT_REQUIRED, Phase.WORKSHOP).withSubphase("stream")
                .withProvider("openai").withModel("openai:gpt-5.2").withEndpointHost("api.openai.com")
                .withScopeHash("abc").withWorkbench("W").withRetryAfterSeconds(3L).withDetail("d");
        ErrorInfo moved = base.withPhase(Phase.SETTINGS).withRetryable(false).withActions(List.of());
        assertThat(moved.phase()).isEqualTo(Phase.SETTINGS);
        assertThat(moved.retryable()).isFalse();
        assertThat(moved.actions()).isEmpty();
        assertThat(moved).usingRecursiveComparison().ignoringFields("phase", "retryable", "actions").isEqualTo(base);
    }

    @Test
    void actions_are_copied_defensively() {
        List<ErrorAction> actions = new java.util.ArrayList<>(List.of(ErrorAction.RETRY));
        ErrorInfo e = ErrorInfo.of(ErrorCode.USER_CANCELED, Phase.WORKSHOP).withActions(actions);
        actions.clear();
        assertThat(e.actions()).containsExactly(ErrorAction.RETRY);
    }

    @Test
    void wire_forms_are_lower_snake_case() {
        assertThat(ErrorAction.FREE_DISK_SPACE.wire()).isEqualTo("free_disk_space");
        assertThat(Phase.RESTORE.wire()).isEqualTo("restore");
    }

    @Test
    void an_exception_message_names_code_and_detail_and_re_phases() {
        TrestleException ex = new TrestleException(ErrorInfo.validation(Phase.WORKBENCH, "no_draft", null));
        assertThat(ex.getMessage()).isEqualTo("VALIDATION_FAILED (no_draft)");
        assertThat(ex.inPhase(Phase.WORKBENCH)).isSameAs(ex);
        assertThat(ex.inPhase(Phase.PUBLISH).info().phase()).isEqualTo(Phase.PUBLISH);
    }
}
