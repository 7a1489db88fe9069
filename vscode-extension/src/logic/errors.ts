/**
 * Turns an {@link ErrorInfo} into what the user sees: a message, a detail block and buttons from `actions[]`
 * (spec rpc.md §5 "Errors", errors.md §2–§3). Decisions use `error_code`, the `detail` token and `actions` only,
 * never the human message text.
 */
import { APPLICATION_ERROR_CODE, type ErrorInfo, isErrorInfo } from '../protocol';

/** A button the error message offers, with the action it triggers. */
export interface ErrorButton {
  label: string;
  action: 'open_settings' | 'switch_model' | 'retry' | 'restore_checkpoint' | 'review_draft' | 'discard_draft'
    | 'remove_files';
}

/** Message text, modal detail and buttons for one error. */
export interface ErrorPresentation {
  message: string;
  detail: string;
  buttons: ErrorButton[];
  /** True when the message should be an error (red) rather than a warning. */
  severe: boolean;
}

const BUTTON_LABELS: Record<ErrorButton['action'], string> = {
  open_settings: 'Open Provider Settings',
  switch_model: 'Switch Model',
  retry: 'Retry',
  restore_checkpoint: 'Show Checkpoints',
  review_draft: 'Review Draft',
  discard_draft: 'Discard Draft',
  remove_files: 'Remove Files…',
};

const CODE_MESSAGES: Record<string, string> = {
  EGRESS_CONSENT_REQUIRED: 'Trestle needs your consent before sending this Workbench to the model.',
  EGRESS_BLOCKED_BY_POLICY: 'The request was blocked by the egress policy (the provider endpoint is not allowed).',
  PROVIDER_NOT_CONFIGURED: 'The provider has no API key or is disabled.',
  PROVIDER_AUTH_FAILED: 'The provider rejected the API key.',
  PROVIDER_RATE_LIMITED: 'The provider is rate limiting requests.',
  PROVIDER_QUOTA_EXCEEDED: 'The provider account is out of quota or credit (billing, spend cap or daily quota).',
  PROVIDER_UNAVAILABLE: 'The provider is unavailable or did not serve the model.',
  NETWORK_UNAVAILABLE: 'The provider could not be reached.',
  SANDBOX_VIOLATION: 'The model tried to write outside the Workbench; nothing was changed.',
  VALIDATION_FAILED: 'The request was not valid.',
  CONTEXT_EXHAUSTED: 'The Workbench and conversation do not fit in the model\'s context window.',
  DISK_FULL: 'The disk is full; nothing was changed.',
  FILE_READ_FAILED: 'A file could not be read.',
  FILE_WRITE_FAILED: 'A file could not be written; nothing was changed.',
  CHECKPOINT_CREATE_FAILED: 'A checkpoint could not be created, so the operation was not done.',
  CHECKPOINT_RESTORE_FAILED: 'The checkpoint could not be restored; the Workbench was rolled back.',
  CONFLICT_PUBLISHED_CHANGED: 'The published files changed since the Draft or proposal was made.',
  USER_CANCELED: 'The run was cancelled.',
  BUDGET_CAP_REACHED: 'The budget cap was reached.',
};

const VALIDATION_MESSAGES: Record<string, string> = {
  invalid_params: 'The engine rejected the request parameters.',
  unknown_workbench: 'That Workbench no longer exists.',
  unknown_model: 'That model is not in the registry.',
  unknown_provider: 'That provider is unknown.',
  provider_mismatch: 'The provider does not match the model.',
  model_not_active: 'The model is no longer the active model.',
  scope_hash_mismatch: 'The Workbench files changed while you were deciding; please review again.',
  draft_exists: 'This Workbench has a Draft. Publish or discard it first.',
  no_draft: 'This Workbench has no Draft.',
  file_limit_exceeded: 'Adding these files would exceed the Workbench file limit; nothing was added.',
  empty_message: 'The message is empty.',
  unknown_message: 'That message does not exist.',
  unknown_proposal: 'That proposal does not exist any more.',
  proposal_invalid: 'The model\'s proposal broke the rules for changes.',
  unknown_checkpoint: 'That checkpoint does not exist.',
  invalid_reason: 'That checkpoint reason is not allowed.',
  workshop_run_in_progress: 'A Workshop run is in progress for this Workbench. Wait for it or cancel it.',
  provider_rejected_request: 'The provider rejected the request.',
};

/** The stable token at the start of a `VALIDATION_FAILED` detail (rpc.md §1), if any. */
export function detailToken(info: ErrorInfo): string | undefined {
  if (!info.detail) {
    return undefined;
  }
  const m = /^[a-z_]+/.exec(info.detail);
  return m ? m[0] : undefined;
}

/** Builds the message, detail and buttons for `info`. `free_disk_space` becomes a hint, never a button. */
export function presentError(info: ErrorInfo): ErrorPresentation {
  let message = CODE_MESSAGES[info.error_code] ?? `The engine reported ${info.error_code}.`;
  if (info.error_code === 'VALIDATION_FAILED') {
    const token = detailToken(info);
    if (token && VALIDATION_MESSAGES[token]) {
      message = VALIDATION_MESSAGES[token];
    }
  }
  if (info.actions.includes('free_disk_space')) {
    message += ' Free some disk space, then try again.';
  }
  if (info.retry_after_seconds !== undefined && info.retryable) {
    message += ` Try again in about ${Math.ceil(info.retry_after_seconds)} s.`;
  }
  if (info.error_code === 'CONTEXT_EXHAUSTED' && info.tokens_requested !== undefined
    && info.tokens_limit !== undefined) {
    message += ` The request needed ${info.tokens_requested} tokens; the model takes ${info.tokens_limit}.`;
  }
  const buttons: ErrorButton[] = [];
  for (const action of info.actions) {
    if (action in BUTTON_LABELS && !buttons.some((b) => b.action === action)) {
      const a = action as ErrorButton['action'];
      buttons.push({ label: BUTTON_LABELS[a], action: a });
    }
  }
  const details: string[] = [`Code: ${info.error_code}`, `Phase: ${info.phase}${info.subphase ? ` / ${info.subphase}` : ''}`];
  if (info.provider_id) {
    details.push(`Provider: ${info.provider_id}`);
  }
  if (info.model_id) {
    details.push(`Model: ${info.model_id}`);
  }
  if (info.endpoint_host) {
    details.push(`Endpoint: ${info.endpoint_host}`);
  }
  if (info.detail) {
    details.push(`Detail: ${info.detail}`);
  }
  const severe = !info.retryable && !['VALIDATION_FAILED', 'USER_CANCELED', 'EGRESS_CONSENT_REQUIRED'].includes(info.error_code);
  return { message, detail: details.join('\n'), buttons, severe };
}

/** Something thrown by a request: a JSON-RPC response error or any other failure. */
export interface RpcFailure {
  code?: number;
  message?: string;
  data?: unknown;
}

/**
 * Extracts the {@link ErrorInfo} of an application error (code -32000 with ErrorInfo data), or returns
 * `undefined` for protocol and transport failures.
 */
export function errorInfoOf(err: unknown): ErrorInfo | undefined {
  if (typeof err !== 'object' || err === null) {
    return undefined;
  }
  const e = err as RpcFailure;
  if (e.code === APPLICATION_ERROR_CODE && isErrorInfo(e.data)) {
    return e.data;
  }
  if (isErrorInfo((err as { info?: unknown }).info)) {
    return (err as { info: ErrorInfo }).info;
  }
  return undefined;
}
