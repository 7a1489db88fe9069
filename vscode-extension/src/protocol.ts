/**
 * The Trestle engine protocol (spec rpc.md §2–§4) as typed JSON-RPC constants.
 *
 * Every request and notification the engine serves or sends is declared here exactly once, by a name from
 * `generated/methods.ts` (generated from the engine's method table `RpcMethod` by its `RpcMethodTableTest`, committed,
 * so this build does not need Java); `protocol.test.ts` also compares the names with the golden list.
 * This module imports only `vscode-jsonrpc`, so it is usable outside VS Code (tests, tools).
 */
import { NotificationType, RequestType } from 'vscode-jsonrpc';
import { NOTIFICATION_METHODS, REQUEST_METHODS, type NotificationMethod, type RequestMethod } from './generated/methods';

export { NotificationType, RequestType };
export type { NotificationMethod, RequestMethod };

/** A request of the engine's method table; the name must be one of the generated {@link RequestMethod}s. */
function request<P, R>(method: RequestMethod): RequestType<P, R, ErrorInfo> {
  return new RequestType<P, R, ErrorInfo>(method);
}

/** A notification of the engine's method table; the name must be one of the generated {@link NotificationMethod}s. */
function notification<P>(method: NotificationMethod): NotificationType<P> {
  return new NotificationType<P>(method);
}

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
  /** Never pruned by retention (count or size budget); set with `CheckpointsSetPinned`. */
  pinned: boolean;
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

/**
 * A Workbench file whose content was in a request body; `tokens` is its share of the request as the engine counted it,
 * exact (o200k) unless `tokens_estimated` (calibrated or estimated for other vendors' models).
 */
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
  /** The engine's count of the request's input tokens (chat requests); exact unless `tokens_estimated`. */
  tokens?: number;
  tokens_estimated?: boolean;
}

export interface WorkbenchParams { workbench_id: string }
export interface ProviderParams { provider_id: string }
export interface ModelParams { model_id: string }
export interface WorkbenchModelParams { workbench_id: string; model_id: string }

// ---------------------------------------------------------------------------------------------------------------
// Engine, providers, models

export interface EngineInfo { engine_version: string; api_version: string }
export const EngineGetInfo = request<Empty, EngineInfo>('EngineGetInfo');

export const ProvidersGetStatus = request<Empty, { providers: ProviderStatus[] }>('ProvidersGetStatus');
export interface SetApiKeyParams { provider_id: string; api_key: string }
export const ProvidersSetApiKey = request<SetApiKeyParams, { configured: true }>('ProvidersSetApiKey');
export const ProvidersClearApiKey = request<ProviderParams, Empty>('ProvidersClearApiKey');
export interface SetEnabledParams { provider_id: string; enabled: boolean }
export const ProvidersSetEnabled = request<SetEnabledParams, Empty>('ProvidersSetEnabled');
export const ProvidersValidate = request<ProviderParams, { ok: true; validated_at: string }>('ProvidersValidate');

export const ModelsListSupported = request<Empty, { models: ModelInfo[] }>('ModelsListSupported');
export interface ModelCapabilities {
  supports_file_read: boolean;
  supports_file_write: boolean;
  context_tokens_estimate: number;
}
export const ModelsGetCapabilities = request<ModelParams, { capabilities: ModelCapabilities }>('ModelsGetCapabilities');

export const UserGetDefaultModel = request<Empty, { model_id: string }>('UserGetDefaultModel');
export const UserSetDefaultModel = request<ModelParams, Empty>('UserSetDefaultModel');
export const WorkbenchGetDefaultModel = request<WorkbenchParams, { model_id: string }>('WorkbenchGetDefaultModel');
export const WorkbenchSetDefaultModel = request<WorkbenchModelParams, Empty>('WorkbenchSetDefaultModel');
export const WorkshopSetActiveModel = request<WorkbenchModelParams, Empty>('WorkshopSetActiveModel');

// ---------------------------------------------------------------------------------------------------------------
// Workbench and files

export const WorkbenchCreate = request<{ name?: string }, { workbench_id: string }>('WorkbenchCreate');
export const WorkbenchOpen = request<WorkbenchParams, { workbench: Workbench }>('WorkbenchOpen');
export const WorkbenchList = request<Empty, { workbenches: Workbench[] }>('WorkbenchList');
export const WorkbenchDelete = request<WorkbenchParams, Empty>('WorkbenchDelete');
export interface WorkbenchScope {
  limits: { max_files: number; max_file_bytes: number };
  supported_types: { text_extensions: string[]; readable_kinds: string[] };
  sandbox_root: string;
  scope_hash: string;
}
export const WorkbenchGetScope = request<WorkbenchParams, WorkbenchScope>('WorkbenchGetScope');
export const WorkbenchFilesList = request<WorkbenchParams, { files: FileEntry[] }>('WorkbenchFilesList');
export interface FilesAddParams { workbench_id: string; source_paths: string[] }
export const WorkbenchFilesAdd = request<FilesAddParams, { add_results: AddResult[] }>('WorkbenchFilesAdd');
export interface FilesRemoveParams { workbench_id: string; workbench_paths: string[] }
export const WorkbenchFilesRemove = request<FilesRemoveParams, { remove_results: RemoveResult[] }>('WorkbenchFilesRemove');
export const WorkbenchGetClutter = request<WorkbenchParams, ClutterState>('WorkbenchGetClutter');

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
export const EgressGetConsentStatus = request<WorkbenchParams, ConsentStatus>('EgressGetConsentStatus');
export interface GrantConsentParams {
  workbench_id: string;
  provider_id: string;
  model_id: string;
  scope_hash: string;
  persist: boolean;
}
export const EgressGrantWorkshopConsent = request<GrantConsentParams, Empty>('EgressGrantWorkshopConsent');
export const EgressRevokeWorkshopConsent = request<WorkbenchParams, Empty>('EgressRevokeWorkshopConsent');
export const EgressListEvents = request<{ workbench_id: string; limit?: number }, { events: EgressEvent[] }>('EgressListEvents');

// ---------------------------------------------------------------------------------------------------------------
// Workshop

export interface WorkshopState {
  active_model_id: string;
  default_model_id: string;
  has_draft: boolean;
  pending_proposal_id?: string;
  run_in_progress: boolean;
}
export const WorkshopGetState = request<WorkbenchParams, WorkshopState>('WorkshopGetState');
export const WorkshopGetConversation = request<WorkbenchParams, { messages: ConversationRecord[] }>('WorkshopGetConversation');
export const WorkshopSendUserMessage = request<{ workbench_id: string; text: string }, { message_id: string }>('WorkshopSendUserMessage');
export const WorkshopStreamAssistantReply = request<{ workbench_id: string; message_id: string }, { message_id: string; model_id: string }>('WorkshopStreamAssistantReply');
export const WorkshopCancelRun = request<WorkbenchParams, { cancel_requested: boolean }>('WorkshopCancelRun');
export const WorkshopProposeChanges = request<WorkbenchParams, { proposal_id: string; no_changes: boolean }>('WorkshopProposeChanges');
export interface ProposalParams { workbench_id: string; proposal_id: string }
export const WorkshopGetProposal = request<ProposalParams, { proposal: Proposal }>('WorkshopGetProposal');
export const WorkshopApplyProposal = request<ProposalParams, { draft_id?: string; no_changes?: true }>('WorkshopApplyProposal');
export const WorkshopDismissProposal = request<{ workbench_id: string; proposal_id?: string }, { cleared: true }>('WorkshopDismissProposal');

// ---------------------------------------------------------------------------------------------------------------
// Draft and review

export interface DraftState {
  has_draft: boolean;
  draft_id?: string;
  created_at?: string;
  source_kind?: string;
  source_ref?: string;
}
export const DraftGetState = request<WorkbenchParams, DraftState>('DraftGetState');
export const DraftPublish = request<WorkbenchParams, { published_at: string; checkpoint_id: string }>('DraftPublish');
export const DraftDiscard = request<WorkbenchParams, Empty>('DraftDiscard');
export interface ChangeSetEntry { path: string; change_type: 'added' | 'modified' | 'deleted' }
export const ReviewGetChangeSet = request<WorkbenchParams, { draft_id: string; changes: ChangeSetEntry[] }>('ReviewGetChangeSet');
/** Rejects one change in review (the Published version goes back into the Draft); returns the changes left. */
export const DraftRevertFile = request<{ workbench_id: string; path: string }, { draft_id: string; changes: ChangeSetEntry[] }>('DraftRevertFile');

// ---------------------------------------------------------------------------------------------------------------
// Checkpoints (canonical plural names; the singular aliases are registered by the engine too)

export interface CheckpointParams { workbench_id: string; checkpoint_id: string }
/** `bytes`: the Workbench's content store on disk; `max_bytes`: the `checkpoints.max_store_bytes` budget, when set. */
export interface CheckpointStore { objects: number; bytes: number; max_bytes?: number }
export interface CheckpointList { checkpoints: CheckpointMetadata[]; store: CheckpointStore }
export const CheckpointsList = request<WorkbenchParams, CheckpointList>('CheckpointsList');
export const CheckpointsGet = request<CheckpointParams, { checkpoint: CheckpointMetadata }>('CheckpointsGet');
export interface CheckpointCreateParams { workbench_id: string; description?: string; reason?: 'manual' }
export const CheckpointsCreate = request<CheckpointCreateParams, { checkpoint_id: string }>('CheckpointsCreate');
/** `paths`: restore only these files (names matched case-insensitively; a file the checkpoint lacks is removed). */
export interface CheckpointRestoreParams extends CheckpointParams { paths?: string[] }
/** `restored_paths`: with `paths`, the names that changed. */
export interface CheckpointRestoreResult { pre_restore_checkpoint_id: string; restored_at: string; restored_paths?: string[] }
export const CheckpointsRestore = request<CheckpointRestoreParams, CheckpointRestoreResult>('CheckpointsRestore');
/** Absent `to_checkpoint_id`: compare with the current Published files. */
export interface CheckpointDiffParams { workbench_id: string; from_checkpoint_id: string; to_checkpoint_id?: string }
export interface DiffEntry { path: string; size: number; sha256: string }
export interface DiffChange { path: string; from_size: number; from_sha256: string; to_size: number; to_sha256: string }
export interface CheckpointDiff {
  from_checkpoint_id: string;
  to_checkpoint_id?: string;
  added: DiffEntry[];
  removed: DiffEntry[];
  changed: DiffChange[];
  unchanged: number;
}
export const CheckpointsDiff = request<CheckpointDiffParams, CheckpointDiff>('CheckpointsDiff');
export interface CheckpointSetPinnedParams extends CheckpointParams { pinned: boolean }
export const CheckpointsSetPinned = request<CheckpointSetPinnedParams, { checkpoint: CheckpointMetadata }>('CheckpointsSetPinned');
export interface CheckpointReadFileParams extends CheckpointParams { path: string }
export interface CheckpointFile { checkpoint_id: string; path: string; size: number; sha256: string; content_base64: string }
export const CheckpointsReadFile = request<CheckpointReadFileParams, CheckpointFile>('CheckpointsReadFile');
/** Exact aliases of the original engine's singular names. */
export const CheckpointGet = request<CheckpointParams, { checkpoint: CheckpointMetadata }>('CheckpointGet');
export const CheckpointCreate = request<CheckpointCreateParams, { checkpoint_id: string }>('CheckpointCreate');
export const CheckpointRestore = request<CheckpointParams, { pre_restore_checkpoint_id: string; restored_at: string }>('CheckpointRestore');

// ---------------------------------------------------------------------------------------------------------------
// Notifications (rpc.md §4)

export interface ClutterChanged extends ClutterState { workbench_id: string }
export const WorkbenchClutterChanged = notification<ClutterChanged>('WorkbenchClutterChanged');
export interface ModelChanged { workbench_id: string; model_id: string; provider_id: string; previous_model_id: string }
export const WorkshopModelChanged = notification<ModelChanged>('WorkshopModelChanged');
export interface StreamDelta { workbench_id: string; message_id: string; token_delta: string }
export const WorkshopAssistantStreamDelta = notification<StreamDelta>('WorkshopAssistantStreamDelta');
export const WorkshopAssistantMessageComplete = notification<{ workbench_id: string; message_id: string }>('WorkshopAssistantMessageComplete');
export const WorkshopRunCancelRequested = notification<WorkbenchParams>('WorkshopRunCancelRequested');
export const WorkshopProposalReady = notification<ProposalParams>('WorkshopProposalReady');
export interface FilesChanged { workbench_id: string; added: string[]; removed: string[]; updated: string[] }
export const WorkbenchFilesChanged = notification<FilesChanged>('WorkbenchFilesChanged');
export interface DraftStateChangedParams {
  workbench_id: string;
  has_draft: boolean;
  draft_id?: string;
  created_at?: string;
  source_kind?: string;
}
export const DraftStateChanged = notification<DraftStateChangedParams>('DraftStateChanged');
export interface CheckpointCreatedParams {
  workbench_id: string;
  checkpoint_id: string;
  reason: CheckpointReason;
  created_at: string;
  description: string;
}
export const CheckpointCreated = notification<CheckpointCreatedParams>('CheckpointCreated');
export const CheckpointRestored = notification<{ workbench_id: string; checkpoint_id: string; pre_restore_checkpoint_id: string }>('CheckpointRestored');
/** A pin was durably set or cleared (by this or any other client of the engine); not sent when nothing changed. */
export const CheckpointPinChanged = notification<{ workbench_id: string; checkpoint_id: string; pinned: boolean }>('CheckpointPinChanged');
export type PublishPhase = 'validating' | 'conflict_check' | 'checkpoint_pre_publish' | 'swap_directories' | 'finalizing' | 'rolling_back';
export const DraftPublishProgress = notification<{ workbench_id: string; phase: PublishPhase }>('DraftPublishProgress');
export type RestorePhase = 'pre_restore_checkpoint' | 'staging' | 'swapping' | 'finalizing' | 'rolling_back';
export interface RestoreProgress { workbench_id: string; checkpoint_id: string; phase: RestorePhase; percent?: number }
export const CheckpointRestoreProgress = notification<RestoreProgress>('CheckpointRestoreProgress');

/**
 * Every request constant by its method name. The keys are the generated {@link RequestMethod}s, so this object does
 * not compile while a method of the engine's table lacks its constant here (or one is declared the table lacks).
 */
const REQUESTS: { readonly [M in RequestMethod]: RequestType<unknown, unknown, ErrorInfo> } = {
  EngineGetInfo, ProvidersGetStatus, ProvidersSetApiKey, ProvidersClearApiKey, ProvidersSetEnabled, ProvidersValidate,
  ModelsListSupported, ModelsGetCapabilities, UserGetDefaultModel, UserSetDefaultModel, WorkbenchGetDefaultModel,
  WorkbenchSetDefaultModel, WorkshopSetActiveModel, WorkbenchCreate, WorkbenchOpen, WorkbenchList, WorkbenchDelete,
  WorkbenchGetScope, WorkbenchFilesList, WorkbenchFilesAdd, WorkbenchFilesRemove, WorkbenchGetClutter,
  EgressGetConsentStatus, EgressGrantWorkshopConsent, EgressRevokeWorkshopConsent, EgressListEvents,
  WorkshopGetState, WorkshopGetConversation, WorkshopSendUserMessage, WorkshopStreamAssistantReply, WorkshopCancelRun,
  WorkshopProposeChanges, WorkshopGetProposal, WorkshopApplyProposal, WorkshopDismissProposal,
  DraftGetState, DraftPublish, DraftDiscard, ReviewGetChangeSet, DraftRevertFile,
  CheckpointsList, CheckpointsGet, CheckpointsCreate, CheckpointsRestore, CheckpointGet, CheckpointCreate, CheckpointRestore,
  CheckpointsDiff, CheckpointsSetPinned, CheckpointsReadFile,
};

/** Every notification constant by its method name (all sent by the engine); complete as {@link REQUESTS} is. */
const NOTIFICATIONS: { readonly [M in NotificationMethod]: NotificationType<unknown> } = {
  WorkbenchClutterChanged, WorkshopModelChanged, WorkshopAssistantStreamDelta, WorkshopAssistantMessageComplete,
  WorkshopRunCancelRequested, WorkshopProposalReady, WorkbenchFilesChanged, DraftStateChanged, CheckpointCreated,
  CheckpointRestored, CheckpointPinChanged, DraftPublishProgress, CheckpointRestoreProgress,
};

/** Every request constant, in the order of the engine's method table. */
export const ALL_REQUESTS = REQUEST_METHODS.map((m) => REQUESTS[m]);

/** Every notification constant, in the order of the engine's method table. */
export const ALL_NOTIFICATIONS = NOTIFICATION_METHODS.map((m) => NOTIFICATIONS[m]);

/** True when `value` looks like an {@link ErrorInfo} (the `data` of an application error). */
export function isErrorInfo(value: unknown): value is ErrorInfo {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  return typeof v.error_code === 'string' && typeof v.phase === 'string' && Array.isArray(v.actions);
}
