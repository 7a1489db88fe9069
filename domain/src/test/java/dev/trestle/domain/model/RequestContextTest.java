package dev.trestle.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link RequestContext#answer}: the one place a raised error gets the request's phase and default subphase. */
class RequestContextTest {
    private final RequestContext addFiles = new RequestContext(null, null, Phase.WORKBENCH, "add_files",
            RequestContext.LOCAL_CLIENT);

    @Test
    void an_error_raised_without_the_request_takes_its_phase_and_default_subphase() {
        ErrorInfo raised = ErrorInfo.of(ErrorCode.DISK_FULL, Phase.RESTORE);
        ErrorInfo answered = addFiles.answer(raised);
        assertThat(answered.phase()).isEqualTo(Phase.WORKBENCH);
        assertThat(answered.subphase()).isEqualTo("add_files");
        assertThat(answered.withPhase(Phase.RESTORE).withSubphase(null)).isEqualTo(raised);
    }

    @Test
    void a_subphase_the_error_names_is_kept_and_an_error_already_in_phase_is_unchanged() {
        ErrorInfo own = ErrorInfo.of(ErrorCode.EGRESS_CONSENT_REQUIRED, Phase.WORKBENCH).withSubphase("stream");
        assertThat(addFiles.answer(own)).isSameAs(own);
        RequestContext none = RequestContext.of(Phase.SETTINGS);
        ErrorInfo settings = ErrorInfo.of(ErrorCode.FILE_WRITE_FAILED, Phase.SETTINGS);
        assertThat(none.answer(settings)).isSameAs(settings);
        assertThat(none.uncancellable().answer(ErrorInfo.of(ErrorCode.FILE_WRITE_FAILED, Phase.WORKSHOP)))
                .isEqualTo(settings);
        assertThat(addFiles.uncancellable().answer(settings).subphase()).isEqualTo("add_files");
    }

    @Test
    void a_refused_input_is_answered_as_the_validation_it_stands_for() {
        ErrorInfo answered = addFiles.answer(new InvalidInputException("unknown_workbench", "no such workbench"));
        assertThat(answered).isEqualTo(ErrorInfo.validation(Phase.WORKBENCH, "unknown_workbench", "no such workbench")
                .withSubphase("add_files"));
        assertThat(answered.detail()).isEqualTo("unknown_workbench: no such workbench");
    }
}
