import { humanTime } from '../../src/logic/format';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderRecord, systemEventText } from '../../src/logic/conversation';
import { isReviewOf, reviewQuery, reviewTitle } from '../../src/logic/review';
import type { ConversationRecord } from '../../src/protocol';

const base = { message_id: 's-1', role: 'system' as const, text: '', created_at: '2026-01-01T00:00:00.000Z', type: 'system_event' as const };
const names = (id: string): string => ({ 'mistral:mistral-large': 'Mistral Large', 'openai:gpt-5.2': 'OpenAI GPT-5.2' })[id] ?? id;

test('system events read as sentences, not as raw event kinds', () => {
  assert.equal(systemEventText({ ...base, event_kind: 'checkpoint_restore' }),
    'A checkpoint was restored (the previous state was saved as a pre-restore checkpoint).');
  assert.equal(systemEventText({ ...base, event_kind: 'checkpoint_publish' }), 'The Draft was published (a publish checkpoint was created).');
  assert.equal(systemEventText({ ...base, event_kind: 'draft_changes_applied', metadata: { proposal_id: 'p', draft_id: 'd' } }),
    'The proposed changes were applied to a Draft.');
});

test('a model switch names both models by display name', () => {
  const r: ConversationRecord = { ...base, event_kind: 'model_switched', metadata: { from_model_id: 'openai:gpt-5.2', to_model_id: 'mistral:mistral-large' } };
  assert.equal(systemEventText(r, names), 'Model switched from OpenAI GPT-5.2 to Mistral Large.');
  assert.equal(systemEventText({ ...r, metadata: {} }), 'Model switched from ? to ?.');
});

test('a failed run says what failed and why, with the error code', () => {
  const r: ConversationRecord = {
    ...base, event_kind: 'workshop_stream_failed',
    error: { error_code: 'PROVIDER_RATE_LIMITED', phase: 'workshop', retryable: true, actions: ['retry'] },
  };
  const text = systemEventText(r);
  assert.match(text, /^The reply failed: /);
  assert.match(text, /\(PROVIDER_RATE_LIMITED\)$/);
});

test('system event lines are escaped before Markdown, so underscores and brackets survive', () => {
  const r: ConversationRecord = { ...base, event_kind: 'model_switched', metadata: { from_model_id: 'a_b_c', to_model_id: '<x>' } };
  const html = renderRecord(r).html;
  assert.match(html, /a_b_c/);
  assert.match(html, /&lt;x&gt;/);
  assert.doesNotMatch(html, /<x>/);
  assert.match(html, /^<p><em>/);
});

test('assistant records show the model display name in their meta line and render Markdown without raw HTML', () => {
  const r: ConversationRecord = { ...base, type: 'assistant_message', role: 'assistant', message_id: 'a-1', model_id: 'mistral:mistral-large', text: '**hi** <script>x</script>' };
  const out = renderRecord(r, names);
  assert.equal(out.meta, `${humanTime(base.created_at)} · Mistral Large`);
  assert.equal(out.role, 'assistant');
  assert.match(out.html, /<strong>hi<\/strong>/);
  assert.doesNotMatch(out.html, /<script>/);
});

test('review titles say when a file is new or deleted in the Draft', () => {
  assert.equal(reviewTitle({ path: 'summary.md', change_type: 'added' }), 'summary.md (Published ↔ Draft, new file)');
  assert.equal(reviewTitle({ path: 'a.txt', change_type: 'modified' }), 'a.txt (Published ↔ Draft)');
  assert.equal(reviewTitle({ path: 'b.txt', change_type: 'deleted' }), 'b.txt (Published ↔ Draft, deleted)');
});

test('review documents are matched to their own Workbench only', () => {
  const q = reviewQuery('01ABC');
  assert.equal(isReviewOf(q, '01ABC'), true);
  assert.equal(isReviewOf(q, '01ABD'), false);
  assert.equal(isReviewOf('', '01ABC'), false);
});
