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

/** Display names of the four providers (the registry's own names); an unknown id is shown as it is. */
export const PROVIDER_NAMES: Record<string, string> = {
  openai: 'OpenAI', anthropic: 'Anthropic', google: 'Google', mistral: 'Mistral',
};

/** Who an error is about, in words: provider, model (without the provider prefix) and endpoint host. */
export interface ErrorSubject {
  /** "OpenAI (gpt-5.2, api.openai.com)", or "The provider" when the error names none. */
  full: string;
  /** "OpenAI", or "The provider". */
  provider: string;
  /** "gpt-5.2", or "the model". */
  model: string;
  /** "api.openai.com", or "the provider endpoint". */
  host: string;
}

/** Builds the {@link ErrorSubject} of an error from its `provider_id`, `model_id` and `endpoint_host`. */
export function errorSubject(info: ErrorInfo): ErrorSubject {
  const pid = info.provider_id ?? (info.model_id?.includes(':') ? info.model_id.split(':')[0] : undefined);
  const provider = pid ? PROVIDER_NAMES[pid] ?? pid : undefined;
  const model = info.model_id ? info.model_id.replace(/^[^:]+:/, '') : undefined;
  const inParens = [model, info.endpoint_host].filter(Boolean).join(', ');
  const full = provider ? `${provider}${inParens ? ` (${inParens})` : ''}` : model ? `The provider (${inParens})` : 'The provider';
  return { full, provider: provider ?? 'The provider', model: model ?? 'the model', host: info.endpoint_host ?? 'the provider endpoint' };
}

type MessageOf = (s: ErrorSubject) => string;

const CODE_MESSAGES: Record<string, MessageOf> = {
  EGRESS_CONSENT_REQUIRED: (s) => `Trestle needs your consent before sending this Workbench to ${s.full}.`,
  EGRESS_BLOCKED_BY_POLICY: (s) => `The request to ${s.host} (${s.provider}) was blocked by the egress policy: that endpoint is not allowed.`,
  PROVIDER_NOT_CONFIGURED: (s) => `${s.provider} has no API key or is disabled, so ${s.model} cannot be used. Nothing was sent.`,
  PROVIDER_AUTH_FAILED: (s) => `${s.full} rejected the API key.`,
  PROVIDER_RATE_LIMITED: (s) => `${s.full} is rate limiting requests.`,
  PROVIDER_QUOTA_EXCEEDED: (s) => `${s.provider}: the account is out of quota or credit (billing, spend cap or daily quota) for ${s.model}.`,
  PROVIDER_UNAVAILABLE: (s) => `${s.full} is unavailable or did not serve the model.`,
  NETWORK_UNAVAILABLE: (s) => `${s.host} could not be reached (${s.provider}, ${s.model}).`,
  SANDBOX_VIOLATION: (s) => `${s.model === 'the model' ? 'The model' : s.model} tried to write outside the Workbench; nothing was changed.`,
  VALIDATION_FAILED: () => 'The request was not valid.',
  CONTEXT_EXHAUSTED: (s) => `The Workbench and conversation do not fit in the context window of ${s.model} (${s.provider}).`,
  DISK_FULL: () => 'The disk is full; nothing was changed.',
  FILE_READ_FAILED: () => 'A file could not be read.',
  FILE_WRITE_FAILED: () => 'A file could not be written; nothing was changed.',
  CHECKPOINT_CREATE_FAILED: () => 'A checkpoint could not be created, so the operation was not done.',
  CHECKPOINT_RESTORE_FAILED: () => 'The checkpoint could not be restored; the Workbench was rolled back.',
  CONFLICT_PUBLISHED_CHANGED: () => 'The published files changed since the Draft or proposal was made.',
  USER_CANCELED: () => 'The run was cancelled.',
  BUDGET_CAP_REACHED: (s) => `The budget cap for ${s.provider} was reached.`,
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
  provider_rejected_request: 'rejected the request.',
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
  const subject = errorSubject(info);
  let message = CODE_MESSAGES[info.error_code]?.(subject) ?? `The engine reported ${info.error_code}.`;
  if (info.error_code === 'VALIDATION_FAILED') {
    const token = detailToken(info);
    if (token === 'provider_rejected_request') {
      message = `${subject.full} ${VALIDATION_MESSAGES[token]}`;
    } else if (token && VALIDATION_MESSAGES[token]) {
      message = VALIDATION_MESSAGES[token];
    }
  }
  if (info.actions.includes('free_disk_space')) {
    message += ' Free some disk space, then try again.';
  }
  if (info.retry_after_seconds !== undefined && info.retryable) {
    message += ` It asked to wait ${formatWait(info.retry_after_seconds)}.`;
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

/** "45 s", "2 min", "2 min 5 s". */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) {
    return `${s} s`;
  }
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
}
