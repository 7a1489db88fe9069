import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CONSENT_CONTINUE, CONSENT_PERSIST, consentText, MAX_LISTED_FILES } from '../../src/logic/consent';
import { renderMarkdown } from '../../src/logic/markdown';
import { restoreConfirmation } from '../../src/logic/checkpoints';
import { parseFromWebview } from '../../src/webview/messages';

test('the consent text names provider, model, endpoint host, files with sizes and the scope hash', () => {
  const t = consentText({ workbenchName: 'Q3', providerId: 'openai', providerName: 'OpenAI', modelId: 'openai:gpt-5.2', modelName: 'OpenAI GPT-5.2',
    endpointHost: 'api.openai.com', scopeHash: 'abc123', files: [{ path: 'a.txt', size: 4000 }, { path: 'b.csv', size: 2000 }] });
  assert.match(t.message, /OpenAI GPT-5\.2/);
  for (const s of ['Provider: OpenAI (openai)', 'Model: OpenAI GPT-5.2 (openai:gpt-5.2)', 'Endpoint host: api.openai.com', 'a.txt — 3.9 KiB', 'b.csv — 2.0 KiB', 'Scope hash: abc123', 'Files in scope: 2 (5.9 KiB)']) {
    assert.ok(t.detail.includes(s), s);
  }
  assert.notEqual(CONSENT_CONTINUE, CONSENT_PERSIST);
});

test('long file lists are summarised', () => {
  const files = Array.from({ length: MAX_LISTED_FILES + 3 }, (_, i) => ({ path: `f${i}.txt`, size: 1 }));
  const t = consentText({ workbenchName: 'w', providerId: 'p', providerName: 'P', modelId: 'm', modelName: 'M', endpointHost: 'h', scopeHash: 's', files });
  assert.match(t.detail, /… and 3 more/);
});

test('model output markdown never carries raw HTML or script links', () => {
  const html = renderMarkdown('Hi <script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![i](https://evil/x.png) **bold**');
  assert.equal(html.includes('<script'), false);
  assert.equal(html.includes('<img'), false);
  assert.equal(html.includes('href="javascript'), false);
  assert.match(html, /&lt;script&gt;/);
  assert.match(html, /<strong>bold<\/strong>/);
});

test('webview messages are validated; malformed ones are dropped', () => {
  assert.deepEqual(parseFromWebview({ type: 'send', text: 'hello' }), { type: 'send', text: 'hello' });
  assert.deepEqual(parseFromWebview({ type: 'apply', proposalId: '01HZX' }), { type: 'apply', proposalId: '01HZX' });
  assert.equal(parseFromWebview({ type: 'apply', proposalId: '../x' }), undefined);
  assert.equal(parseFromWebview({ type: 'grantConsent' }), undefined, 'no consent message exists');
  assert.equal(parseFromWebview({ type: 'send', text: 42 }), undefined);
  assert.equal(parseFromWebview('send'), undefined);
});

test('the restore confirmation says what changes and that a pre-restore checkpoint is kept', () => {
  const t = restoreConfirmation({ checkpoint_id: 'c', created_at: '2025-01-01T00:00:00.000Z', reason: 'manual', description: 'Before edits', stats: { files: 1, total_bytes: 10 }, restorable: true, pinned: false }, { files: 2, bytes: 30 });
  assert.match(t.detail, /now: 2 \(30 B\) → after restore: 1 \(10 B\)/);
  assert.match(t.detail, /pre-restore checkpoint/);
});
