import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CLUTTER_BLOCKS, filledBlocks, itemLabel, largestItems, removableFiles, renderClutter, scopeFiles } from '../../src/logic/clutter';
import { formatTokens } from '../../src/logic/format';
import type { ClutterState, FileEntry } from '../../src/protocol';

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
  assert.match(v.tooltip, /2,600 of 191,808 usable tokens/);
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

const detailed: ClutterState = {
  score: 0.2, level: 'Light', model_id: 'mistral:mistral-large', usage_tokens_estimate: 24000,
  context_tokens_estimate: 128000, reserved_output_tokens: 8192, usable_context_tokens: 119808,
  source: 'calibrated', error_band_percent: 5,
  breakdown: [
    { kind: 'system', tokens: 300 },
    { kind: 'file', path: 'ledger.json', tokens: 12000 },
    { kind: 'file', path: 'notes.md', tokens: 9000 },
    { kind: 'file', path: 'empty.txt', tokens: 0 },
    { kind: 'other_files', tokens: 700, files: 60 },
    { kind: 'conversation', tokens: 2000 },
  ],
};

test('the tooltip names the usable window, the source and the largest items with their tokens', () => {
  const v = renderClutter(detailed, 'Mistral Large');
  assert.match(v.tooltip, /Next request: 24,000 of 119,808 usable tokens \(window 128,000 − 8,192 for the reply\)/);
  assert.match(v.tooltip, /Counted: calibrated from the provider's reported usage \(±5%\)/);
  assert.match(v.tooltip, /ledger\.json: 12,000 tokens\n {2}notes\.md: 9,000 tokens\n {2}conversation: 2,000 tokens\n {2}60 other files: 700 tokens\n {2}instructions and manifest: 300 tokens/);
  assert.doesNotMatch(v.tooltip, /empty\.txt/);
});

test('largest items skip empty ones and the remove command offers files only, largest first', () => {
  assert.deepEqual(largestItems(detailed, 2).map(itemLabel), ['ledger.json', 'notes.md']);
  assert.deepEqual(removableFiles(detailed).map((i) => i.path), ['ledger.json', 'notes.md', 'empty.txt']);
});

test('token counts read like people write them', () => {
  assert.equal(formatTokens(0), '0 tokens');
  assert.equal(formatTokens(1), '1 token');
  assert.equal(formatTokens(999), '999 tokens');
  assert.equal(formatTokens(1000), '1k tokens');
  assert.equal(formatTokens(4249), '4.2k tokens');
  assert.equal(formatTokens(9999), '9.9k tokens');
  assert.equal(formatTokens(52_400), '52k tokens');
  assert.equal(formatTokens(999_999), '999k tokens');
  assert.equal(formatTokens(1_350_000), '1.3M tokens');
  assert.equal(formatTokens(Number.NaN), '? tokens');
});

test('files in scope carry their tokens, largest first; the rest are summarised as other files', () => {
  const file = (p: string, size: number, opaque = false): FileEntry =>
    ({ path: p, size, is_opaque: opaque, file_kind: opaque ? 'binary' : 'text', added_at: '2026-01-01T00:00:00Z' }) as FileEntry;
  const c = state(0.1, 'Light');
  c.breakdown = [
    { kind: 'system', tokens: 300 }, { kind: 'file', path: 'notes.txt', tokens: 2500 }, { kind: 'file', path: 'a.md', tokens: 12 },
    { kind: 'other_files', tokens: 1234, files: 3 }, { kind: 'conversation', tokens: 50 },
  ];
  const r = scopeFiles([file('a.md', 40), file('x.md', 9), file('notes.txt', 20000), file('logo.png', 5000, true)], c);
  assert.deepEqual(r.files, [
    { path: 'notes.txt', size: '19.5 KiB', tokens: '2.5k tokens' },
    { path: 'a.md', size: '40 B', tokens: '12 tokens' },
    { path: 'logo.png', size: '4.9 KiB', tokens: 'not sent' },
    { path: 'x.md', size: '9 B' },
  ]);
  assert.equal(r.other, '3 other files: 1.2k tokens');
  assert.equal(scopeFiles([file('a.md', 40)], undefined).files[0].tokens, undefined);
  assert.equal(scopeFiles([], { ...c, breakdown: [{ kind: 'other_files', tokens: 5, files: 1 }] }).other, '1 other file: 5 tokens');
});
