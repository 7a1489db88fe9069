import assert from 'node:assert/strict';
import { test } from 'node:test';
import { REDACTED, redact, redactedJson } from '../../src/logic/redact';

test('api_key and other secret fields are redacted at any depth', () => {
  const input = { provider_id: 'openai', api_key: 'sk-live-123', nested: [{ Authorization: 'Bearer x', token: 't', secret: 's', keep: 1 }] };
  assert.deepEqual(redact(input), { provider_id: 'openai', api_key: REDACTED, nested: [{ Authorization: REDACTED, token: REDACTED, secret: REDACTED, keep: 1 }] });
  assert.equal(input.api_key, 'sk-live-123', 'the input is not modified');
});

test('redacted JSON never contains the key', () => {
  const json = redactedJson({ api_key: 'sk-very-secret' });
  assert.equal(json.includes('sk-very-secret'), false);
  assert.equal(json, '{"api_key":"[REDACTED]"}');
});

test('primitives and cycles are handled without throwing', () => {
  assert.equal(redact(3), 3);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.doesNotThrow(() => redactedJson(cyclic));
});
