/**
 * Labels of the "What was sent" view (egress receipts, docs/protocol.md): one row per egress event, a receipt's files
 * below it. Pure functions over `EgressListEvents` results; never file content (the engine never sends any here).
 */
import type { EgressEvent, SentFile } from '../protocol';

export interface EgressRow {
  label: string;
  description: string;
  tooltip: string;
  icon: 'cloud-upload' | 'error' | 'pass' | 'circle-slash' | 'shield';
}

const KIND_LABELS: Record<string, string> = {
  request_sent: 'Request sent',
  consent_granted: 'Consent granted',
  consent_revoked: 'Consent revoked',
  workshop_chat: 'Chat finished',
  workshop_proposal: 'Proposal finished',
  egress_blocked: 'Blocked by egress policy',
};

/** Newest first, as a user reads an audit trail. */
export function newestFirst(events: EgressEvent[]): EgressEvent[] {
  return [...events].reverse();
}

export function eventRow(e: EgressEvent): EgressRow {
  const label = KIND_LABELS[e.kind] ?? e.kind;
  const who = `${e.model_id || e.provider_id} @ ${e.endpoint_host}`;
  const r = e.receipt;
  if (r) {
    const files = r.files.length === 1 ? '1 file' : `${r.files.length} files`;
    const status = r.http_status === undefined ? 'no response' : `HTTP ${r.http_status}`;
    const counted = r.tokens === undefined ? ''
      : `\nCounted before sending: ${r.tokens_estimated === false ? '' : '~'}${r.tokens} tokens`;
    const usage = r.usage_input_tokens === undefined ? counted
      : `${counted}\nReported usage: ${r.usage_input_tokens} in / ${r.usage_output_tokens ?? '?'} out`;
    return {
      label,
      description: `${who} · ${files} · ${status} · ${r.outcome}`,
      tooltip: `${who}\nScope hash: ${e.scope_hash}\nRequest body: ${r.body_bytes} bytes, SHA-256 ${r.body_sha256}\n`
        + `${status}, outcome ${r.outcome}${usage}`,
      icon: r.outcome === 'ok' ? 'cloud-upload' : 'error',
    };
  }
  const outcome = e.error_code ? ` · ${e.error_code}` : e.outcome ? ` · ${e.outcome}` : '';
  return {
    label,
    description: `${who}${outcome}`,
    tooltip: `${who}\nScope hash: ${e.scope_hash}`,
    icon: e.kind === 'egress_blocked' ? 'circle-slash' : e.kind.startsWith('consent') ? 'shield' : 'pass',
  };
}

export function fileRow(f: SentFile): EgressRow {
  const tokens = f.tokens === undefined ? '' : ` · ${f.tokens_estimated ? '~' : ''}${f.tokens} tokens`;
  return {
    label: f.name,
    description: `${f.bytes} B${tokens}${f.truncated ? ' · truncated' : ''}`,
    tooltip: `${f.name}\nBlob SHA-256: ${f.sha256 ?? 'unknown'}\n${f.bytes} bytes sent`
      + (f.tokens_estimated ? '\nToken count is an estimate for this model (calibrated from reported usage).' : ''),
    icon: 'cloud-upload',
  };
}
