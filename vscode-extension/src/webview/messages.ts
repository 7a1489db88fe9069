/** Typed messages between the Workshop webview and the extension (validated on receipt; never a consent source). */

/** Webview -> extension. */
export type FromWebview =
  | { type: 'ready' }
  | { type: 'send'; text: string }
  | { type: 'cancel' }
  | { type: 'propose' }
  | { type: 'apply'; proposalId: string }
  | { type: 'dismiss'; proposalId: string }
  | { type: 'review' }
  | { type: 'publish' }
  | { type: 'discard' }
  | { type: 'pickModel' }
  | { type: 'addFiles' }
  /** Retry a failed reply to this user message, or (without one) a failed proposal. */
  | { type: 'retry'; messageId?: string }
  | { type: 'copy'; messageId: string };

/** One rendered conversation entry; `html` is sanitised Markdown (raw HTML disabled). */
export interface RenderedMessage {
  id: string;
  role: 'user' | 'assistant' | 'system';
  html: string;
  meta: string;
  /** For user messages: the reply to it can be asked for again. */
  retryable?: boolean;
}

/** What a failed run shows in the panel: the reason and, when it makes sense, a Retry (after a wait). */
export interface FailedRun {
  text: string;
  /** Message ids still shown as "streaming…" that ended without a reply. */
  messageIds: string[];
  /** Present when Retry is offered; `messageId` retries that reply, none retries the proposal. */
  retry?: { messageId?: string; afterSeconds?: number };
}

/** Extension -> webview. */
export type ToWebview =
  | { type: 'conversation'; messages: RenderedMessage[] }
  | { type: 'delta'; messageId: string; html: string }
  | { type: 'state'; runInProgress: boolean; hasDraft: boolean; model: string; modelReady: boolean }
  /** `tokens`: the file's share of the next request; `other`: the files the breakdown sums (no count of their own). */
  | { type: 'scope'; clutter: string; files: { path: string; size: string; tokens?: string }[]; other?: string }
  | { type: 'working'; text?: string }
  | { type: 'failed'; failure: FailedRun }
  /** `generation` counts engine starts (the page exposes it for tests as `data-engine`). */
  | { type: 'engine'; running: boolean; generation: number }
  | { type: 'proposal'; proposalId: string; summaryHtml: string; writes: { path: string; bytes: number }[]; warnings: string[] }
  | { type: 'notice'; text: string }
  | { type: 'restoreInput'; text: string };

const ID = /^[0-9A-Za-z_-]{1,64}$/;

/** Parses an untrusted webview message; returns undefined for anything malformed. */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (typeof raw !== 'object' || raw === null) {
    return undefined;
  }
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready': case 'cancel': case 'propose': case 'review': case 'publish': case 'discard': case 'pickModel': case 'addFiles':
      return { type: m.type };
    case 'send':
      return typeof m.text === 'string' && m.text.length <= 100_000 ? { type: 'send', text: m.text } : undefined;
    case 'apply': case 'dismiss':
      return typeof m.proposalId === 'string' && ID.test(m.proposalId) ? { type: m.type, proposalId: m.proposalId } : undefined;
    case 'retry':
      if (m.messageId === undefined) {
        return { type: 'retry' };
      }
      return typeof m.messageId === 'string' && ID.test(m.messageId) ? { type: 'retry', messageId: m.messageId } : undefined;
    case 'copy':
      return typeof m.messageId === 'string' && ID.test(m.messageId) ? { type: 'copy', messageId: m.messageId } : undefined;
    default:
      return undefined;
  }
}
