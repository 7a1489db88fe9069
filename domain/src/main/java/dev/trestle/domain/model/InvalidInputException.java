package dev.trestle.domain.model;

/**
 * Input a typed value or a command refuses in its constructor, before any request state is read: the stable
 * {@code VALIDATION_FAILED} token and message ({@code docs/spec/rpc.md} §1) without a phase. A value does not know
 * which request carries it; the request it reaches turns it into its {@link ErrorInfo} with
 * {@link RequestContext#answer(InvalidInputException)}, in the phase the method table gives it. The message names a
 * rule or a field, never the refused value.
 */
public final class InvalidInputException extends RuntimeException {
    private final String token;
    private final String reason;

    public InvalidInputException(String token, String reason) {
        super(reason == null || reason.isEmpty() ? token : token + ": " + reason, null, false, false);
        this.token = token;
        this.reason = reason;
    }

    /** The detail's leading token ({@code unknown_workbench}, {@code invalid_params}, …). */
    public String token() {
        return token;
    }

    /** The rest of the detail (a fixed sentence or a field name). */
    public String reason() {
        return reason;
    }

    /** The {@code VALIDATION_FAILED} this refusal answers in {@code phase}. */
    public ErrorInfo info(Phase phase) {
        return ErrorInfo.validation(phase, token, reason);
    }
}
