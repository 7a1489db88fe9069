/** Turns conversation records into the Workshop's rendered entries (pure: no VS Code). */
import type { ConversationRecord } from '../protocol';
import type { RenderedMessage } from '../webview/messages';
import { presentError } from './errors';
import { renderMarkdown } from './markdown';
import { humanTime } from './format';

/** Display names of models, by id; unknown ids are shown as they are. */
export type ModelNames = (modelId: string) => string;

const FAILURE_LABELS: Record<string, string> = {
  workshop_stream_failed: 'The reply failed',
  proposal_failed: 'Proposing changes failed',
  apply_failed: 'Applying the proposal failed',
};

/** One line of plain text for a system event (spec rpc.md §2 `event_kind`). */
export function systemEventText(r: ConversationRecord, name: ModelNames = (id) => id): string {
  const m = r.metadata ?? {};
  const str = (v: unknown): string => (typeof v === 'string' ? v : '?');
  switch (r.event_kind) {
    case 'model_switched':
      return `Model switched from ${name(str(m.from_model_id))} to ${name(str(m.to_model_id))}.`;
    case 'draft_changes_applied':
      return 'The proposed changes were applied to a Draft.';
    case 'checkpoint_publish':
      return 'The Draft was published (a publish checkpoint was created).';
    case 'checkpoint_restore':
      return 'A checkpoint was restored (the previous state was saved as a pre-restore checkpoint).';
    default: {
      const label = r.event_kind ? FAILURE_LABELS[r.event_kind] : undefined;
      if (r.error?.error_code === 'USER_CANCELED') {
        return `${label ?? 'The run'}: cancelled.`;
      }
      if (r.error) {
        const p = presentError(r.error);
        return `${label ?? 'Failed'}: ${p.message} (${r.error.error_code})`;
      }
      return label ?? (r.text || r.event_kind || 'Event');
    }
  }
}

/** Renders one record; assistant text is sanitised Markdown, system events an italic line. */
export function renderRecord(r: ConversationRecord, name: ModelNames = (id) => id, now: Date = new Date()): RenderedMessage {
  const meta = [humanTime(r.created_at, now), r.model_id ? name(r.model_id) : undefined].filter(Boolean).join(' · ');
  if (r.type === 'system_event') {
    const text = systemEventText(r, name).replace(/[\\*_`[\]<>]/g, (c) => `\\${c}`);
    return { id: r.message_id, role: 'system', html: renderMarkdown(`*${text}*`), meta };
  }
  return { id: r.message_id, role: r.role, html: renderMarkdown(r.text), meta, ...(r.type === 'user_message' ? { retryable: true } : {}) };
}
