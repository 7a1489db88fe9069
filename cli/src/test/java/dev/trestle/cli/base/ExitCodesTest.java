package dev.trestle.cli.base;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExitCodesTest {
    /** The codes of errors.md §2. */
    private static final List<String> SPEC_CODES = List.of("EGRESS_CONSENT_REQUIRED", "EGRESS_BLOCKED_BY_POLICY",
            "PROVIDER_NOT_CONFIGURED", "PROVIDER_AUTH_FAILED", "PROVIDER_RATE_LIMITED", "PROVIDER_UNAVAILABLE",
            "NETWORK_UNAVAILABLE", "SANDBOX_VIOLATION", "VALIDATION_FAILED", "CONTEXT_EXHAUSTED", "DISK_FULL",
            "FILE_READ_FAILED", "FILE_WRITE_FAILED", "CHECKPOINT_CREATE_FAILED", "CHECKPOINT_RESTORE_FAILED",
            "CONFLICT_PUBLISHED_CHANGED", "USER_CANCELED", "BUDGET_CAP_REACHED", "PROVIDER_QUOTA_EXCEEDED");

    @Test
    void every_spec_error_code_has_its_own_exit_code_from_ten_up() {
        Set<Integer> seen = new HashSet<>();
        for (String code : SPEC_CODES) {
            int exit = ExitCodes.forErrorCode(code);
            assertThat(exit).as(code).isBetween(10, 125);
            assertThat(seen.add(exit)).as("unique exit code for " + code).isTrue();
        }
        assertThat(ExitCodes.errorCodeTable().keySet()).containsExactlyInAnyOrderElementsOf(SPEC_CODES);
    }

    @Test
    void documented_exit_codes_stay_stable() {
        assertThat(ExitCodes.forErrorCode("VALIDATION_FAILED")).isEqualTo(10);
        assertThat(ExitCodes.forErrorCode("PROVIDER_NOT_CONFIGURED")).isEqualTo(11);
        assertThat(ExitCodes.forErrorCode("PROVIDER_AUTH_FAILED")).isEqualTo(12);
        assertThat(ExitCodes.forErrorCode("EGRESS_CONSENT_REQUIRED")).isEqualTo(13);
        assertThat(ExitCodes.forErrorCode("PROVIDER_QUOTA_EXCEEDED")).isEqualTo(28);
        assertThat(ExitCodes.ENGINE_BUSY).isEqualTo(3);
        assertThat(ExitCodes.USAGE).isEqualTo(2);
    }

    @Test
    void an_unknown_or_missing_error_code_maps_to_the_unknown_code_exit() {
        assertThat(ExitCodes.forErrorCode("SOMETHING_NEW")).isEqualTo(ExitCodes.UNKNOWN_ERROR_CODE);
        assertThat(ExitCodes.forErrorCode(null)).isEqualTo(ExitCodes.UNKNOWN_ERROR_CODE);
    }
}
