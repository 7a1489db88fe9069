import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLUTTER_BLOCKS, filledBlocks, renderClutter } from '../../src/logic/clutter';
import type { ClutterState } from '../../src/protocol';

const state = (score: number, level: ClutterState['level']): ClutterState =>
  ({
    score, level, model_id: 'openai:gpt-5.2', usage_tokens_estimate: Math.round(score * 200000),
    context_tokens_estimate: 200000, reserved_output_tokens: 8192, usable_context_tokens: 191808, source: 'exact',
    error_band_percent: 2, breakdown: [{ kind: 'system', tokens: Math.round(score * 200000) }],
  });

test('the meter fills blocks in proportion to the score, at least one for any usage', () => {
  assert.equal(filledBlocks(0), 0);
  assert.equal(filledBlocks(0.013), 1);
  assert.equal(filledBlocks(0.5), 5);
  assert.equal(filledBlocks(1), CLUTTER_BLOCKS);
  assert.equal(filledBlocks(7), CLUTTER_BLOCKS);
  assert.equal(filledBlocks(Number.NaN), 0);
});

test('light clutter shows blocks, level and percent without warning', () => {
  const v = renderClutter(state(0.013, 'Light'), 'OpenAI GPT-5.2');
  assert.equal(v.text, 'Clutter █░░░░░░░░░ Light 1%');
  assert.equal(v.warning, false);
  assert.match(v.tooltip, /OpenAI GPT-5\.2 \(openai:gpt-5\.2\)/);
  assert.match(v.tooltip, /2,600 of 200,000 tokens/);
});

test('heavy clutter takes the warning colour and a short warning', () => {
  const v = renderClutter(state(0.85, 'Heavy'));
  assert.equal(v.warning, true);
  assert.match(v.text, /^Clutter █████████░ Heavy 85% — context nearly full$/);
  assert.match(v.tooltip, /never blocks/);
});

test('moderate clutter is not a warning', () => {
  assert.equal(renderClutter(state(0.5, 'Moderate')).warning, false);
});
