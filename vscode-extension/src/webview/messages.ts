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
  | { type: 'discard' };

/** One rendered conversation entry; `html` is sanitised Markdown (raw HTML disabled). */
export interface RenderedMessage {
  id: string;
  role: 'user' | 'assistant' | 'system';
  html: string;
  meta: string;
}

/** Extension -> webview. */
export type ToWebview =
  | { type: 'conversation'; messages: RenderedMessage[] }
  | { type: 'delta'; messageId: string; html: string }
  | { type: 'state'; runInProgress: boolean; hasDraft: boolean; model: string }
  | { type: 'proposal'; proposalId: string; summaryHtml: string; writes: { path: string; bytes: number }[]; warnings: string[] }
  | { type: 'notice'; text: string }
  | { type: 'restoreInput'; text: string };

/** Parses an untrusted webview message; returns undefined for anything malformed. */
export function parseFromWebview(raw: unknown): FromWebview | undefined {
  if (typeof raw !== 'object' || raw === null) {
    return undefined;
  }
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready': case 'cancel': case 'propose': case 'review': case 'publish': case 'discard':
      return { type: m.type };
    case 'send':
      return typeof m.text === 'string' && m.text.length <= 100_000 ? { type: 'send', text: m.text } : undefined;
    case 'apply': case 'dismiss':
      return typeof m.proposalId === 'string' && /^[0-9A-Za-z_-]{1,64}$/.test(m.proposalId) ? { type: m.type, proposalId: m.proposalId } : undefined;
    default:
      return undefined;
  }
}
