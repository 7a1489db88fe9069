import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModelRows, modelStatusText, providerBadge } from '../../src/logic/models';
import type { ModelInfo, ProviderStatus } from '../../src/protocol';

const m = (id: string, available: boolean): ModelInfo => ({ model_id: id, provider_id: id.split(':')[0], display_name: id.toUpperCase(), context_tokens_estimate: 200000, supports_file_read: true, supports_file_write: true, requires_key: true, available });
const p = (id: string, configured: boolean, enabled: boolean, host: string, status: ProviderStatus['status'] = configured ? 'configured' : 'not_configured'): ProviderStatus =>
  ({ provider_id: id, display_name: id[0].toUpperCase() + id.slice(1), configured, enabled, status, models: [], endpoint_host: host });

test('models are grouped by provider in registry order with why unavailable ones cannot be picked', () => {
  const rows = buildModelRows(
    [m('openai:gpt-5.2', true), m('anthropic:a', false), m('anthropic:b', false), m('mistral:l', false)],
    [p('openai', true, true, 'api.openai.com'), p('anthropic', false, true, 'api.anthropic.com'), p('mistral', true, false, 'api.mistral.ai')],
    'openai:gpt-5.2');
  assert.deepEqual(rows.map((r) => `${r.kind}:${r.label}:${r.description ?? ''}`), [
    'separator:Openai:', 'model:OPENAI:GPT-5.2:active',
    'separator:Anthropic:', 'model:ANTHROPIC:A:unavailable: add an API key', 'model:ANTHROPIC:B:unavailable: add an API key',
    'separator:Mistral:', 'model:MISTRAL:L:unavailable: provider disabled',
  ]);
  assert.equal(rows[1].available, true);
  assert.equal(rows[3].available, false);
});

test('a custom endpoint host is shown next to the provider and in the status bar', () => {
  const rows = buildModelRows([m('openai:gpt-5.2', true)], [p('openai', true, true, 'localhost:8443')]);
  assert.equal(rows[0].label, 'Openai (localhost:8443)');
  assert.equal(modelStatusText(m('openai:gpt-5.2', true), 'openai:gpt-5.2', p('openai', true, true, 'localhost:8443')), 'OPENAI:GPT-5.2 @ localhost:8443');
  assert.equal(modelStatusText(m('openai:gpt-5.2', true), 'openai:gpt-5.2', p('openai', true, true, 'api.openai.com')), 'OPENAI:GPT-5.2');
});

test('provider badges', () => {
  assert.equal(providerBadge(p('openai', false, true, 'h')), 'Not configured');
  assert.equal(providerBadge(p('openai', true, true, 'h')), 'Configured');
  assert.equal(providerBadge(p('openai', true, true, 'h', 'needs_attention')), 'Needs attention');
});
