import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detailToken, errorInfoOf, presentError } from '../../src/logic/errors';
import type { ErrorInfo } from '../../src/protocol';

const info = (over: Partial<ErrorInfo>): ErrorInfo => ({ error_code: 'PROVIDER_RATE_LIMITED', phase: 'workshop', retryable: true, actions: [], ...over });

test('buttons follow actions in priority order', () => {
  const p = presentError(info({ actions: ['retry', 'switch_model'] }));
  assert.deepEqual(p.buttons.map((b) => b.action), ['retry', 'switch_model']);
  assert.deepEqual(p.buttons.map((b) => b.label), ['Retry', 'Switch Model']);
});

test('retry is shown only when actions contain it', () => {
  const p = presentError(info({ error_code: 'PROVIDER_AUTH_FAILED', retryable: false, actions: ['open_settings'] }));
  assert.deepEqual(p.buttons.map((b) => b.action), ['open_settings']);
});

test('free_disk_space is a hint in the message, never a button', () => {
  const p = presentError(info({ error_code: 'DISK_FULL', retryable: false, actions: ['free_disk_space', 'retry'] }));
  assert.deepEqual(p.buttons.map((b) => b.action), ['retry']);
  assert.match(p.message, /Free some disk space/);
});

test('draft_exists offers review and discard', () => {
  const p = presentError(info({ error_code: 'VALIDATION_FAILED', retryable: false, detail: 'draft_exists', actions: ['review_draft', 'discard_draft'] }));
  assert.deepEqual(p.buttons.map((b) => b.action), ['review_draft', 'discard_draft']);
  assert.match(p.message, /has a Draft/);
});

test('restore failures offer the checkpoints view', () => {
  const p = presentError(info({ error_code: 'CHECKPOINT_RESTORE_FAILED', phase: 'restore', retryable: false, detail: 'object_missing', actions: ['restore_checkpoint'] }));
  assert.deepEqual(p.buttons.map((b) => b.action), ['restore_checkpoint']);
});

test('reserved and unknown actions produce no buttons', () => {
  assert.deepEqual(presentError(info({ actions: ['resume', 'view_report', 'launch_rockets'] })).buttons, []);
});

test('details carry code, phase, subphase, provider and model', () => {
  const p = presentError(info({ subphase: 'stream', provider_id: 'openai', model_id: 'openai:gpt-5.2', retry_after_seconds: 90 }));
  assert.equal(p.detail, 'Code: PROVIDER_RATE_LIMITED\nPhase: workshop / stream\nProvider: openai\nModel: openai:gpt-5.2');
  assert.match(p.message, /It asked to wait 1 min 30 s/);
});

test('the message depends on code and detail token, not on the engine text', () => {
  const a = presentError(info({ error_code: 'VALIDATION_FAILED', detail: 'file_limit_exceeded: 1001 > 1000' }));
  assert.match(a.message, /file limit/);
  assert.equal(detailToken(info({ detail: 'invalid_params: workbench_id' })), 'invalid_params');
  assert.equal(presentError(info({ error_code: 'SOMETHING_NEW' })).message, 'The engine reported SOMETHING_NEW.');
});

test('errorInfoOf reads ErrorInfo only from application errors', () => {
  const data = info({});
  assert.deepEqual(errorInfoOf({ code: -32000, message: 'x', data }), data);
  assert.equal(errorInfoOf({ code: -32601, message: 'no such method', data }), undefined);
  assert.equal(errorInfoOf({ code: -32000, message: 'x', data: { nope: 1 } }), undefined);
  assert.equal(errorInfoOf(new Error('boom')), undefined);
});

test('PROVIDER_QUOTA_EXCEEDED offers settings and another model, never retry, and no retry hint', () => {
  const p = presentError(info({ error_code: 'PROVIDER_QUOTA_EXCEEDED', retryable: false,
    actions: ['open_settings', 'switch_model'], retry_after_seconds: 2 }));
  assert.deepEqual(p.buttons.map((b) => b.action), ['open_settings', 'switch_model']);
  assert.match(p.message, /quota or credit/);
  assert.doesNotMatch(p.message, /Try again/);
  assert.equal(p.severe, true);
});

test('CONTEXT_EXHAUSTED states the vendor figures when it sent them', () => {
  const p = presentError(info({ error_code: 'CONTEXT_EXHAUSTED', retryable: false, actions: ['switch_model'],
    tokens_requested: 208310, tokens_limit: 200000 }));
  assert.match(p.message, /needed 208310 tokens; the model takes 200000/);
  assert.deepEqual(p.buttons.map((b) => b.action), ['switch_model']);
});
