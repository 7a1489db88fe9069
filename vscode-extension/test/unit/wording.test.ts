import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorSubject, formatWait, presentError } from '../../src/logic/errors';
import { humanTime } from '../../src/logic/format';
import { overflowFactor, renderClutter } from '../../src/logic/clutter';
import { consentText } from '../../src/logic/consent';
import { buildModelRows, modelStatusText } from '../../src/logic/models';
import { arrangeFiles } from '../../src/logic/files';
import { describeExit } from '../../src/logic/restartPolicy';
import type { ErrorInfo, FileEntry, ModelInfo, ProviderStatus } from '../../src/protocol';

const info = (over: Partial<ErrorInfo>): ErrorInfo => ({ error_code: 'PROVIDER_AUTH_FAILED', phase: 'workshop', retryable: false, actions: ['open_settings'], ...over });

test('errors name provider, model and endpoint host in the message itself', () => {
  const p = presentError(info({ provider_id: 'openai', model_id: 'openai:gpt-5.2', endpoint_host: 'api.openai.com' }));
  assert.equal(p.message, 'OpenAI (gpt-5.2, api.openai.com) rejected the API key.');
  assert.equal(errorSubject(info({ provider_id: 'openai', model_id: 'openai:gpt-5.2' })).full, 'OpenAI (gpt-5.2)');
  assert.match(presentError(info({ error_code: 'PROVIDER_NOT_CONFIGURED', provider_id: 'mistral', model_id: 'mistral:mistral-large' })).message,
    /^Mistral has no API key or is disabled, so mistral-large cannot be used/);
  assert.match(presentError(info({ error_code: 'NETWORK_UNAVAILABLE', retryable: true, provider_id: 'google', model_id: 'google:gemini-2.5-pro', endpoint_host: 'generativelanguage.googleapis.com' })).message,
    /^generativelanguage\.googleapis\.com could not be reached \(Google, gemini-2\.5-pro\)/);
  assert.match(presentError(info({ error_code: 'VALIDATION_FAILED', detail: 'provider_rejected_request: 400', provider_id: 'anthropic', model_id: 'anthropic:claude-opus' })).message,
    /^Anthropic \(claude-opus\) rejected the request\./);
  // Without names the sentence still reads.
  assert.equal(presentError(info({})).message, 'The provider rejected the API key.');
});

test('a provider wait reads in minutes and seconds', () => {
  assert.equal(formatWait(45), '45 s');
  assert.equal(formatWait(120), '2 min');
  assert.equal(formatWait(125.2), '2 min 6 s');
  assert.match(presentError(info({ error_code: 'PROVIDER_RATE_LIMITED', retryable: true, actions: ['retry'], retry_after_seconds: 120, provider_id: 'openai', model_id: 'openai:gpt-5.2' })).message,
    /^OpenAI \(gpt-5\.2\) is rate limiting requests\. It asked to wait 2 min\.$/);
});

test('timestamps read like people write them', () => {
  const now = new Date(2026, 11, 6, 15, 0, 0);
  assert.equal(humanTime(new Date(2026, 11, 6, 14, 3).toISOString(), now), 'today 14:03');
  assert.equal(humanTime(new Date(2026, 11, 5, 9, 12).toISOString(), now), 'yesterday 09:12');
  assert.equal(humanTime(new Date(2026, 10, 3, 8, 5).toISOString(), now), '3 Nov 08:05');
  assert.equal(humanTime(new Date(2025, 0, 2, 23, 59).toISOString(), now), '2 Jan 2025 23:59');
  assert.equal(humanTime('not a time', now), 'not a time');
});

test('clutter far over the window says how far, not 100%', () => {
  const over = {
    score: 1, level: 'Heavy' as const, model_id: 'openai:gpt-5.2', usage_tokens_estimate: 2_200_000,
    context_tokens_estimate: 208_192, reserved_output_tokens: 8_192, usable_context_tokens: 200_000,
    source: 'exact' as const, error_band_percent: 2, breakdown: [],
  };
  assert.equal(overflowFactor(over), '11×');
  const v = renderClutter(over, 'OpenAI GPT-5.2');
  assert.match(v.text, /Heavy 11× the window — does not fit$/);
  assert.doesNotMatch(v.text, /100%/);
  assert.equal(overflowFactor({ ...over, usage_tokens_estimate: 300_000 }), '1.5×');
  assert.equal(overflowFactor({ ...over, usage_tokens_estimate: 150_000, score: 0.75 }), undefined);
});

test('the consent question names the provider once', () => {
  const base = { workbenchName: 'Q3', providerId: 'openai', providerName: 'OpenAI', modelId: 'openai:gpt-5.2', endpointHost: 'h', scopeHash: 's', files: [] };
  assert.equal(consentText({ ...base, modelName: 'OpenAI GPT-5.2' }).message, 'Send "Q3" to OpenAI GPT-5.2?');
  assert.equal(consentText({ ...base, modelName: 'GPT-5.2' }).message, 'Send "Q3" to OpenAI GPT-5.2?');
});

const model = (over: Partial<ModelInfo>): ModelInfo => ({
  model_id: 'mistral:mistral-large', provider_id: 'mistral', display_name: 'Mistral Large', context_tokens_estimate: 128000,
  supports_file_read: true, supports_file_write: true, requires_key: true, available: true, ...over,
});
const provider = (over: Partial<ProviderStatus>): ProviderStatus => ({
  provider_id: 'mistral', display_name: 'Mistral', configured: true, enabled: true, status: 'configured', models: [], ...over,
});

test('the user-default picker calls the default the current default, not active', () => {
  const rows = buildModelRows([model({})], [provider({})], 'mistral:mistral-large', 'current default');
  assert.equal(rows[1].description, 'current default');
});

test('the status bar marks a model whose provider is not ready', () => {
  assert.equal(modelStatusText(model({}), 'mistral:mistral-large', provider({})), 'Mistral Large');
  assert.equal(modelStatusText(model({ available: false }), 'mistral:mistral-large', provider({ configured: false, status: 'not_configured' })),
    '$(warning) Mistral Large (add an API key)');
});

const file = (path: string, size: number, added: string): FileEntry =>
  ({ path, size, sha256: '', modified_at: added, added_at: added, file_kind: 'text', mime_type: 'text/plain', is_opaque: false });

test('files sort by name, size or age and filter by part of the name', () => {
  const files = [file('b.txt', 10, '2026-01-02'), file('a.md', 30, '2026-01-01'), file('c.txt', 20, '2026-01-03')];
  assert.deepEqual(arrangeFiles(files, 'name', '').map((f) => f.path), ['a.md', 'b.txt', 'c.txt']);
  assert.deepEqual(arrangeFiles(files, 'size', '').map((f) => f.path), ['a.md', 'c.txt', 'b.txt']);
  assert.deepEqual(arrangeFiles(files, 'added', '').map((f) => f.path), ['c.txt', 'b.txt', 'a.md']);
  assert.deepEqual(arrangeFiles(files, 'name', 'TXT').map((f) => f.path), ['b.txt', 'c.txt']);
});

test('an engine exit is described without "null"', () => {
  assert.equal(describeExit(1, null), 'exit code 1');
  assert.equal(describeExit(null, 'SIGKILL'), 'killed by SIGKILL');
  assert.doesNotMatch(describeExit(null, null), /null/);
});
