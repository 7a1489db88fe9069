import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CHECKPOINTS_VIEW_REFRESH, changeDescription, changeRows, checkpointFileUri, parseCheckpointFileQuery, restoreFileText, storeDescription } from '../../src/logic/checkpoints';
import type { CheckpointDiff, CheckpointMetadata } from '../../src/protocol';

const diff: CheckpointDiff = {
  from_checkpoint_id: '01JD00000000000000000000C1',
  added: [{ path: 'z.md', size: 2048, sha256: 'a' }],
  removed: [{ path: 'a.txt', size: 10, sha256: 'b' }],
  changed: [{ path: 'm.csv', from_size: 5, from_sha256: 'c', to_size: 1536, to_sha256: 'd' }],
  unchanged: 3,
};
const cp: CheckpointMetadata = {
  checkpoint_id: '01JD00000000000000000000C1', created_at: '2026-01-02T03:04:05.000Z', reason: 'manual', description: 'Before edits',
  stats: { files: 3, total_bytes: 100 }, restorable: true, pinned: true,
};

test('a diff becomes one row per changed file in name order, with the sizes of both sides', () => {
  const rows = changeRows(diff);
  assert.deepEqual(rows.map((r) => [r.path, r.kind]), [['a.txt', 'removed'], ['m.csv', 'changed'], ['z.md', 'added']]);
  assert.equal(changeDescription(rows[0]), 'removed since (10 B in the checkpoint)');
  assert.equal(changeDescription(rows[1]), 'changed: 5 B → 1.5 KiB');
  assert.equal(changeDescription(rows[2]), 'added since (2.0 KiB now)');
  assert.equal(changeRows({ ...diff, added: [], removed: [], changed: [] }).length, 0);
});

test('restoring one file says what happens to it and that everything else stays', () => {
  const [removed, changed, added] = changeRows(diff);
  assert.match(restoreFileText(added, cp).detail, /z\.md did not exist then: restoring removes it/);
  assert.match(restoreFileText(removed, cp).detail, /a\.txt comes back/);
  assert.match(restoreFileText(changed, cp).detail, /m\.csv goes back to its version of then/);
  assert.match(restoreFileText(changed, cp).detail, /Every other file stays as it is\. .*pre-restore checkpoint/);
  assert.match(restoreFileText(changed, cp).message, /^Restore m\.csv from the checkpoint of /);
});

test('the view description shows the store size on disk and the budget only when one is set', () => {
  assert.equal(storeDescription('Q3', { objects: 2, bytes: 3072 }), 'Q3 · store 2 objects, 3.0 KiB on disk');
  assert.equal(storeDescription('Q3', { objects: 2, bytes: 3072, max_bytes: 1048576 }), 'Q3 · store 2 objects, 3.0 KiB on disk of 1.0 MiB budget');
});

test('checkpoint file URIs round-trip, keep the file name last and mark an absent side', () => {
  const ref = { workbenchId: 'W1', checkpointId: '01JD00000000000000000000C1', path: 'a b&c.md', absent: false };
  const u = checkpointFileUri(ref);
  assert.ok(u.path.endsWith('/a b&c.md'));
  assert.deepEqual(parseCheckpointFileQuery(u.query), ref);
  assert.equal(parseCheckpointFileQuery(checkpointFileUri({ ...ref, absent: true }).query)?.absent, true);
  assert.equal(parseCheckpointFileQuery('copy=W1'), undefined);
});

test('the Checkpoints view lists again when any client creates, restores or (un)pins a checkpoint', () => {
  assert.deepEqual(CHECKPOINTS_VIEW_REFRESH.map((t) => t.method),
    ['CheckpointCreated', 'CheckpointRestored', 'CheckpointPinChanged', 'DraftStateChanged', 'WorkbenchFilesChanged']);
});
