/**
 * The Trestle engine protocol (spec rpc.md §2–§4) as typed JSON-RPC constants.
 *
 * Every request and notification the engine serves or sends is declared here exactly once; the unit test
 * `protocol.test.ts` compares the method names with the server's golden list `protocol-methods.txt`.
 * This module imports only `vscode-jsonrpc`, so it is usable outside VS Code (tests, tools).
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';

export { NotificationType, RequestType };

// ---------------------------------------------------------------------------------------------------------------
// Shared types (rpc.md §2, errors.md §1)

/** Empty params or result object. */
export type Empty = Record<string, never>;

/** Known codes (errors.md §2); the wire type stays `string` so an unknown code still shows. */
export type ErrorCode =
  | 'EGRESS_CONSENT_REQUIRED' | 'EGRESS_BLOCKED_BY_POLICY' | 'PROVIDER_NOT_CONFIGURED' | 'PROVIDER_AUTH_FAILED'
  | 'PROVIDER_RATE_LIMITED' | 'PROVIDER_UNAVAILABLE' | 'NETWORK_UNAVAILABLE' | 'SANDBOX_VIOLATION'
  | 'VALIDATION_FAILED' | 'CONTEXT_EXHAUSTED' | 'DISK_FULL' | 'FILE_READ_FAILED' | 'FILE_WRITE_FAILED'
  | 'CHECKPOINT_CREATE_FAILED' | 'CHECKPOINT_RESTORE_FAILED' | 'CONFLICT_PUBLISHED_CHANGED' | 'USER_CANCELED'
  | 'BUDGET_CAP_REACHED' | 'PROVIDER_QUOTA_EXCEEDED';

export type ErrorAction = 'retry' | 'resume' | 'switch_model' | 'open_settings' | 'restore_checkpoint'
  | 'free_disk_space' | 'view_report' | 'review_draft' | 'discard_draft' | 'remove_files';

/** Structured error carried as JSON-RPC error `data` (code -32000). Clients branch on code and actions only. */
export interface ErrorInfo {
  error_code: string;
  phase: string;
  retryable: boolean;
  actions: string[];
  subphase?: string;
  provider_id?: string;
  model_id?: string;
  workbench_id?: string;
  endpoint_host?: string;
  scope_hash?: string;
  retry_after_seconds?: number;
  /** With CONTEXT_EXHAUSTED when the vendor stated them: tokens the request needed, the model's real limit. */
  tokens_requested?: number;
  tokens_limit?: number;
  detail?: string;
  detail_ref?: string;
  job_id?: string;
}

/** JSON-RPC error code of application errors. */
export const APPLICATION_ERROR_CODE = -32000;
/** The api_version this client speaks. */
export const API_VERSION = '1';
/** Engine exit code when another engine holds the data dir lock. */
export const EXIT_CODE_LOCKED = 3;

export type ProviderId = 'openai' | 'anthropic' | 'google' | 'mistral';
export type FileKind = 'text' | 'docx' | 'odt' | 'pdf' | 'xlsx' | 'pptx' | 'image' | 'binary';
export type ClutterLevel = 'Light' | 'Moderate' | 'Heavy';
export type CheckpointReason = 'auto' | 'manual' | 'publish' | 'pre_restore';

export interface Workbench {
  id: string;
  name: string;
  created_at: string;
  updated_at: string;
  default_model_id: string;
  has_draft: boolean;
}

export interface FileEntry {
  path: string;
  size: number;
  sha256: string;
  modified_at: string;
  added_at: string;
  file_kind: FileKind;
  mime_type: string;
  is_opaque: boolean;
}

export interface AddResult {
  source_path: string;
  file_name: string;
  status: 'added' | 'skipped' | 'failed';
  reason?: 'invalid_path' | 'unreadable' | 'symlink' | 'directory' | 'size_limit' | 'duplicate' | 'copy_failed';
}

export interface RemoveResult {
  path: string;
  status: 'removed' | 'skipped' | 'failed';
  reason?: 'invalid_path' | 'duplicate_request' | 'not_found' | 'missing_on_disk' | 'delete_failed';
}

export interface ProviderStatus {
  provider_id: string;
  display_name: string;
  configured: boolean;
  enabled: boolean;
  status: 'not_configured' | 'configured' | 'needs_attention';
  models: string[];
  endpoint_host?: string;
  last_validated_at?: string;
  last_error?: ErrorInfo;
}

export interface ModelInfo {
  model_id: string;
  provider_id: string;
  display_name: string;
  context_tokens_estimate: number;
  supports_file_read: boolean;
  supports_file_write: boolean;
  requires_key: boolean;
  available: boolean;
}

export interface ConversationRecord {
  type: 'user_message' | 'assistant_message' | 'system_event';
  message_id: string;
  role: 'user' | 'assistant' | 'system';
  text: string;
  created_at: string;
  model_id?: string;
  event_kind?: string;
  checkpoint_id?: string;
  reason?: string;
  metadata?: Record<string, unknown>;
  error?: ErrorInfo;
}

export interface ProposalWrite {
  path: string;
  content: string;
}

export interface Proposal {
  proposal_id: string;
  schema_version: 1;
  created_at: string;
  model_id: string;
  base_scope_hash: string;
  summary: string;
  no_changes: boolean;
  writes: ProposalWrite[];
  warnings: string[];
}

export interface CheckpointMetadata {
  checkpoint_id: string;
  created_at: string;
  reason: CheckpointReason;
  description: string;
  stats: { files: number; total_bytes: number };
  restorable: boolean;
}

/** One line of a clutter breakdown; `path` for a file, `files` (count) for `other_files`. */
export interface ClutterItem {
  kind: 'system' | 'file' | 'other_files' | 'conversation' | 'stream';
  path?: string;
  tokens: number;
  files?: number;
}

/** The next request's input tokens (spec algorithms.md §6); the breakdown sums to `usage_tokens_estimate`. */
export interface ClutterState {
  score: number;
  level: ClutterLevel;
  model_id: string;
  usage_tokens_estimate: number;
  /** The model's window. */
  context_tokens_estimate: number;
  reserved_output_tokens: number;
  /** Window minus the output reserve: the score's denominator. */
  usable_context_tokens: number;
  source: 'exact' | 'calibrated' | 'estimated';
  error_band_percent: number;
  breakdown: ClutterItem[];
}

export interface EgressEvent {
  timestamp: string;
  kind: 'consent_granted' | 'consent_revoked' | 'workshop_chat' | 'workshop_proposal' | 'egress_blocked' | 'request_sent';
  provider_id: string;
  model_id: string;
  endpoint_host: string;
  scope_hash: string;
  outcome?: 'ok' | 'error';
  error_code?: string;
  tokens_in?: number;
  tokens_out?: number;
  /** With kind `request_sent`: what one request that left the machine carried (never content, never a key). */
  receipt?: EgressReceipt;
}

/** A Workbench file whose content was in a request body; `tokens` is an estimate while `tokens_estimated`. */
export interface SentFile {
  name: string;
  sha256?: string;
  bytes: number;
  tokens?: number;
  tokens_estimated: boolean;
  truncated: boolean;
}

export interface EgressReceipt {
  request_kind: 'chat' | 'validate';
  files: SentFile[];
  body_sha256: string;
  body_bytes: number;
  http_status?: number;
  usage_input_tokens?: number;
  usage_output_tokens?: number;
  /** `ok`, `redirect`, or the attempt's error code. */
  outcome: string;
}

export interface WorkbenchParams { workbench_id: string }
export interface ProviderParams { provider_id: string }
export interface ModelParams { model_id: string }
export interface WorkbenchModelParams { workbench_id: string; model_id: string }

// ---------------------------------------------------------------------------------------------------------------
// Engine, providers, models

export interface EngineInfo { engine_version: string; api_version: string }
export const EngineGetInfo = new RequestType<Empty, EngineInfo, ErrorInfo>('EngineGetInfo');

export const ProvidersGetStatus = new RequestType<Empty, { providers: ProviderStatus[] }, ErrorInfo>('ProvidersGetStatus');
export interface SetApiKeyParams { provider_id: string; api_key: string }
export const ProvidersSetApiKey = new RequestType<SetApiKeyParams, { configured: true }, ErrorInfo>('ProvidersSetApiKey');
export const ProvidersClearApiKey = new RequestType<ProviderParams, Empty, ErrorInfo>('ProvidersClearApiKey');
export interface SetEnabledParams { provider_id: string; enabled: boolean }
export const ProvidersSetEnabled = new RequestType<SetEnabledParams, Empty, ErrorInfo>('ProvidersSetEnabled');
export const ProvidersValidate = new RequestType<ProviderParams, { ok: true; validated_at: string }, ErrorInfo>('ProvidersValidate');

export const ModelsListSupported = new RequestType<Empty, { models: ModelInfo[] }, ErrorInfo>('ModelsListSupported');
export interface ModelCapabilities {
  supports_file_read: boolean;
  supports_file_write: boolean;
  context_tokens_estimate: number;
}
export const ModelsGetCapabilities = new RequestType<ModelParams, { capabilities: ModelCapabilities }, ErrorInfo>('ModelsGetCapabilities');

export const UserGetDefaultModel = new RequestType<Empty, { model_id: string }, ErrorInfo>('UserGetDefaultModel');
export const UserSetDefaultModel = new RequestType<ModelParams, Empty, ErrorInfo>('UserSetDefaultModel');
export const WorkbenchGetDefaultModel = new RequestType<WorkbenchParams, { model_id: string }, ErrorInfo>('WorkbenchGetDefaultModel');
export const WorkbenchSetDefaultModel = new RequestType<WorkbenchModelParams, Empty, ErrorInfo>('WorkbenchSetDefaultModel');
export const WorkshopSetActiveModel = new RequestType<WorkbenchModelParams, Empty, ErrorInfo>('WorkshopSetActiveModel');

// ---------------------------------------------------------------------------------------------------------------
// Workbench and files

export const WorkbenchCreate = new RequestType<{ name?: string }, { workbench_id: string }, ErrorInfo>('WorkbenchCreate');
export const WorkbenchOpen = new RequestType<WorkbenchParams, { workbench: Workbench }, ErrorInfo>('WorkbenchOpen');
export const WorkbenchList = new RequestType<Empty, { workbenches: Workbench[] }, ErrorInfo>('WorkbenchList');
export const WorkbenchDelete = new RequestType<WorkbenchParams, Empty, ErrorInfo>('WorkbenchDelete');
export interface WorkbenchScope {
  limits: { max_files: number; max_file_bytes: number };
  supported_types: { text_extensions: string[]; readable_kinds: string[] };
  sandbox_root: string;
  scope_hash: string;
}
export const WorkbenchGetScope = new RequestType<WorkbenchParams, WorkbenchScope, ErrorInfo>('WorkbenchGetScope');
export const WorkbenchFilesList = new RequestType<WorkbenchParams, { files: FileEntry[] }, ErrorInfo>('WorkbenchFilesList');
export interface FilesAddParams { workbench_id: string; source_paths: string[] }
export const WorkbenchFilesAdd = new RequestType<FilesAddParams, { add_results: AddResult[] }, ErrorInfo>('WorkbenchFilesAdd');
export interface FilesRemoveParams { workbench_id: string; workbench_paths: string[] }
export const WorkbenchFilesRemove = new RequestType<FilesRemoveParams, { remove_results: RemoveResult[] }, ErrorInfo>('WorkbenchFilesRemove');
export const WorkbenchGetClutter = new RequestType<WorkbenchParams, ClutterState, ErrorInfo>('WorkbenchGetClutter');

// ---------------------------------------------------------------------------------------------------------------
// Egress

export interface ConsentStatus {
  consented: boolean;
  provider_id: string;
  model_id: string;
  endpoint_host?: string;
  scope_hash: string;
  persisted: boolean;
  consented_at?: string;
}
export const EgressGetConsentStatus = new RequestType<WorkbenchParams, ConsentStatus, ErrorInfo>('EgressGetConsentStatus');
export interface GrantConsentParams {
  workbench_id: string;
  provider_id: string;
  model_id: string;
  scope_hash: string;
  persist: boolean;
}
export const EgressGrantWorkshopConsent = new RequestType<GrantConsentParams, Empty, ErrorInfo>('EgressGrantWorkshopConsent');
export const EgressRevokeWorkshopConsent = new RequestType<WorkbenchParams, Empty, ErrorInfo>('EgressRevokeWorkshopConsent');
export const EgressListEvents = new RequestType<{ workbench_id: string; limit?: number }, { events: EgressEvent[] }, ErrorInfo>('EgressListEvents');

// ---------------------------------------------------------------------------------------------------------------
// Workshop

export interface WorkshopState {
  active_model_id: string;
  default_model_id: string;
  has_draft: boolean;
  pending_proposal_id?: string;
  run_in_progress: boolean;
}
export const WorkshopGetState = new RequestType<WorkbenchParams, WorkshopState, ErrorInfo>('WorkshopGetState');
export const WorkshopGetConversation = new RequestType<WorkbenchParams, { messages: ConversationRecord[] }, ErrorInfo>('WorkshopGetConversation');
export const WorkshopSendUserMessage = new RequestType<{ workbench_id: string; text: string }, { message_id: string }, ErrorInfo>('WorkshopSendUserMessage');
export const WorkshopStreamAssistantReply = new RequestType<{ workbench_id: string; message_id: string }, { message_id: string; model_id: string }, ErrorInfo>('WorkshopStreamAssistantReply');
export const WorkshopCancelRun = new RequestType<WorkbenchParams, { cancel_requested: boolean }, ErrorInfo>('WorkshopCancelRun');
export const WorkshopProposeChanges = new RequestType<WorkbenchParams, { proposal_id: string; no_changes: boolean }, ErrorInfo>('WorkshopProposeChanges');
export interface ProposalParams { workbench_id: string; proposal_id: string }
export const WorkshopGetProposal = new RequestType<ProposalParams, { proposal: Proposal }, ErrorInfo>('WorkshopGetProposal');
export const WorkshopApplyProposal = new RequestType<ProposalParams, { draft_id?: string; no_changes?: true }, ErrorInfo>('WorkshopApplyProposal');
export const WorkshopDismissProposal = new RequestType<{ workbench_id: string; proposal_id?: string }, { cleared: true }, ErrorInfo>('WorkshopDismissProposal');

// ---------------------------------------------------------------------------------------------------------------
// Draft and review

export interface DraftState {
  has_draft: boolean;
  draft_id?: string;
  created_at?: string;
  source_kind?: string;
  source_ref?: string;
}
export const DraftGetState = new RequestType<WorkbenchParams, DraftState, ErrorInfo>('DraftGetState');
export const DraftPublish = new RequestType<WorkbenchParams, { published_at: string; checkpoint_id: string }, ErrorInfo>('DraftPublish');
export const DraftDiscard = new RequestType<WorkbenchParams, Empty, ErrorInfo>('DraftDiscard');
export interface ChangeSetEntry { path: string; change_type: 'added' | 'modified' | 'deleted' }
export const ReviewGetChangeSet = new RequestType<WorkbenchParams, { draft_id: string; changes: ChangeSetEntry[] }, ErrorInfo>('ReviewGetChangeSet');
/** Rejects one change in review (the Published version goes back into the Draft); returns the changes left. */
export const DraftRevertFile = new RequestType<{ workbench_id: string; path: string }, { draft_id: string; changes: ChangeSetEntry[] }, ErrorInfo>('DraftRevertFile');

// ---------------------------------------------------------------------------------------------------------------
// Checkpoints (canonical plural names; the singular aliases are registered by the engine too)

export interface CheckpointParams { workbench_id: string; checkpoint_id: string }
export interface CheckpointList { checkpoints: CheckpointMetadata[]; store: { objects: number; bytes: number } }
export const CheckpointsList = new RequestType<WorkbenchParams, CheckpointList, ErrorInfo>('CheckpointsList');
export const CheckpointsGet = new RequestType<CheckpointParams, { checkpoint: CheckpointMetadata }, ErrorInfo>('CheckpointsGet');
export interface CheckpointCreateParams { workbench_id: string; description?: string; reason?: 'manual' }
export const CheckpointsCreate = new RequestType<CheckpointCreateParams, { checkpoint_id: string }, ErrorInfo>('CheckpointsCreate');
export const CheckpointsRestore = new RequestType<CheckpointParams, { pre_restore_checkpoint_id: string; restored_at: string }, ErrorInfo>('CheckpointsRestore');
/** Exact aliases of the original engine's singular names. */
export const CheckpointGet = new RequestType<CheckpointParams, { checkpoint: CheckpointMetadata }, ErrorInfo>('CheckpointGet');
export const CheckpointCreate = new RequestType<CheckpointCreateParams, { checkpoint_id: string }, ErrorInfo>('CheckpointCreate');
export const CheckpointRestore = new RequestType<CheckpointParams, { pre_restore_checkpoint_id: string; restored_at: string }, ErrorInfo>('CheckpointRestore');

// ---------------------------------------------------------------------------------------------------------------
// Notifications (rpc.md §4)

export interface ClutterChanged extends ClutterState { workbench_id: string }
export const WorkbenchClutterChanged = new NotificationType<ClutterChanged>('WorkbenchClutterChanged');
export interface ModelChanged { workbench_id: string; model_id: string; provider_id: string; previous_model_id: string }
export const WorkshopModelChanged = new NotificationType<ModelChanged>('WorkshopModelChanged');
export interface StreamDelta { workbench_id: string; message_id: string; token_delta: string }
export const WorkshopAssistantStreamDelta = new NotificationType<StreamDelta>('WorkshopAssistantStreamDelta');
export const WorkshopAssistantMessageComplete = new NotificationType<{ workbench_id: string; message_id: string }>('WorkshopAssistantMessageComplete');
export const WorkshopRunCancelRequested = new NotificationType<WorkbenchParams>('WorkshopRunCancelRequested');
export const WorkshopProposalReady = new NotificationType<ProposalParams>('WorkshopProposalReady');
export interface FilesChanged { workbench_id: string; added: string[]; removed: string[]; updated: string[] }
export const WorkbenchFilesChanged = new NotificationType<FilesChanged>('WorkbenchFilesChanged');
export interface DraftStateChangedParams {
  workbench_id: string;
  has_draft: boolean;
  draft_id?: string;
  created_at?: string;
  source_kind?: string;
}
export const DraftStateChanged = new NotificationType<DraftStateChangedParams>('DraftStateChanged');
export interface CheckpointCreatedParams {
  workbench_id: string;
  checkpoint_id: string;
  reason: CheckpointReason;
  created_at: string;
  description: string;
}
export const CheckpointCreated = new NotificationType<CheckpointCreatedParams>('CheckpointCreated');
export const CheckpointRestored = new NotificationType<{ workbench_id: string; checkpoint_id: string; pre_restore_checkpoint_id: string }>('CheckpointRestored');
export type PublishPhase = 'validating' | 'conflict_check' | 'checkpoint_pre_publish' | 'swap_directories' | 'finalizing' | 'rolling_back';
export const DraftPublishProgress = new NotificationType<{ workbench_id: string; phase: PublishPhase }>('DraftPublishProgress');
export type RestorePhase = 'pre_restore_checkpoint' | 'staging' | 'swapping' | 'finalizing' | 'rolling_back';
export interface RestoreProgress { workbench_id: string; checkpoint_id: string; phase: RestorePhase; percent?: number }
export const CheckpointRestoreProgress = new NotificationType<RestoreProgress>('CheckpointRestoreProgress');

/** Every request constant, for the golden-list test and generic tooling. */
export const ALL_REQUESTS = [
  EngineGetInfo, ProvidersGetStatus, ProvidersSetApiKey, ProvidersClearApiKey, ProvidersSetEnabled, ProvidersValidate,
  ModelsListSupported, ModelsGetCapabilities, UserGetDefaultModel, UserSetDefaultModel, WorkbenchGetDefaultModel,
  WorkbenchSetDefaultModel, WorkshopSetActiveModel, WorkbenchCreate, WorkbenchOpen, WorkbenchList, WorkbenchDelete,
  WorkbenchGetScope, WorkbenchFilesList, WorkbenchFilesAdd, WorkbenchFilesRemove, WorkbenchGetClutter,
  EgressGetConsentStatus, EgressGrantWorkshopConsent, EgressRevokeWorkshopConsent, EgressListEvents,
  WorkshopGetState, WorkshopGetConversation, WorkshopSendUserMessage, WorkshopStreamAssistantReply, WorkshopCancelRun,
  WorkshopProposeChanges, WorkshopGetProposal, WorkshopApplyProposal, WorkshopDismissProposal,
  DraftGetState, DraftPublish, DraftDiscard, ReviewGetChangeSet, DraftRevertFile,
  CheckpointsList, CheckpointsGet, CheckpointsCreate, CheckpointsRestore, CheckpointGet, CheckpointCreate, CheckpointRestore,
] as const;

/** Every notification constant (all sent by the engine). */
export const ALL_NOTIFICATIONS = [
  WorkbenchClutterChanged, WorkshopModelChanged, WorkshopAssistantStreamDelta, WorkshopAssistantMessageComplete,
  WorkshopRunCancelRequested, WorkshopProposalReady, WorkbenchFilesChanged, DraftStateChanged, CheckpointCreated,
  CheckpointRestored, DraftPublishProgress, CheckpointRestoreProgress,
] as const;

/** True when `value` looks like an {@link ErrorInfo} (the `data` of an application error). */
export function isErrorInfo(value: unknown): value is ErrorInfo {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return typeof v.error_code === 'string' && typeof v.phase === 'string' && Array.isArray(v.actions);
}
