import assert from 'node:assert/strict';
import { test } from 'node:test';
import { eventRow, fileRow, newestFirst } from '../../src/logic/egress';
import type { EgressEvent } from '../../src/protocol';

const sent: EgressEvent = {
  timestamp: '2026-12-06T20:00:05Z', kind: 'request_sent', provider_id: 'openai', model_id: 'openai:gpt-5.2',
  endpoint_host: 'api.openai.com', scope_hash: 'abc', outcome: 'ok',
  receipt: {
    request_kind: 'chat', body_sha256: 'feed', body_bytes: 812, http_status: 200, usage_input_tokens: 120,
    usage_output_tokens: 9, outcome: 'ok', tokens: 118, tokens_estimated: false,
    files: [{ name: 'notes.txt', sha256: 'beef', bytes: 15, tokens: 12, tokens_estimated: false, truncated: false }],
  },
};

test('a receipt row names model, host, file count, status and outcome; its tooltip the body hash', () => {
  const r = eventRow(sent);
  assert.equal(r.label, 'Request sent');
  assert.equal(r.description, 'openai:gpt-5.2 @ api.openai.com · 1 file · HTTP 200 · ok');
  assert.match(r.tooltip, /SHA-256 feed/);
  assert.match(r.tooltip, /120 in \/ 9 out/);
  assert.match(r.tooltip, /Counted before sending: 118 tokens/);
  assert.equal(r.icon, 'cloud-upload');
});

test('a failed request without a response says so', () => {
  const r = eventRow({ ...sent, outcome: 'error', error_code: 'NETWORK_UNAVAILABLE',
    receipt: { ...sent.receipt!, http_status: undefined, outcome: 'NETWORK_UNAVAILABLE' } });
  assert.match(r.description, /no response · NETWORK_UNAVAILABLE/);
  assert.equal(r.icon, 'error');
});

test('file rows show bytes and tokens (~ when estimated), consent rows their kind, newest first', () => {
  assert.equal(fileRow(sent.receipt!.files[0]).description, '15 B · 12 tokens');
  const calibrated = { ...sent.receipt!.files[0], tokens: 14, tokens_estimated: true };
  assert.equal(fileRow(calibrated).description, '15 B · ~14 tokens');
  assert.match(fileRow(calibrated).tooltip, /estimate/);
  const estimatedTotal = eventRow({ ...sent, receipt: { ...sent.receipt!, tokens_estimated: true } });
  assert.match(estimatedTotal.tooltip, /Counted before sending: ~118 tokens/);
  const consent: EgressEvent = { ...sent, kind: 'consent_granted', receipt: undefined, outcome: undefined };
  assert.equal(eventRow(consent).label, 'Consent granted');
  assert.equal(eventRow(consent).icon, 'shield');
  assert.deepEqual(newestFirst([consent, sent]).map((e) => e.kind), ['request_sent', 'consent_granted']);
});
