import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changesSignature, reviewFileOf, reviewQuery, ReviewState } from '../../src/logic/review';
import type { ChangeSetEntry } from '../../src/protocol';

const two: ChangeSetEntry[] = [{ path: 'b.md', change_type: 'added' }, { path: 'a.txt', change_type: 'modified' }];

test('rows list the changes by path, unaccepted, with what changed', () => {
  const r = new ReviewState();
  r.update('d1', two);
  assert.deepEqual(r.rows().map((x) => [x.path, x.accepted, x.description]), [['a.txt', false, 'changed'], ['b.md', false, 'new file']]);
  assert.equal(r.pending(), 2);
  assert.equal(r.allAccepted(), false);
});

test('accepting marks one row; all accepted only once every change is', () => {
  const r = new ReviewState();
  r.update('d1', two);
  assert.equal(r.accept('a.txt'), true);
  assert.equal(r.isAccepted('a.txt'), true);
  assert.equal(r.rows()[0].description, 'changed · accepted');
  assert.equal(r.allAccepted(), false);
  assert.equal(r.accept('b.md'), true);
  assert.equal(r.allAccepted(), true);
  assert.equal(r.pending(), 0);
});

test('a path that is not a change cannot be accepted', () => {
  const r = new ReviewState();
  r.update('d1', two);
  assert.equal(r.accept('c.txt'), false);
  assert.equal(r.isAccepted('c.txt'), false);
});

test('rejecting a file (it leaves the change list) keeps the other accepted marks', () => {
  const r = new ReviewState();
  r.update('d1', two);
  r.accept('b.md');
  r.update('d1', [{ path: 'b.md', change_type: 'added' }]);
  assert.equal(r.isAccepted('b.md'), true);
  assert.equal(r.allAccepted(), true);
});

test('a new Draft starts unreviewed, even with the same paths', () => {
  const r = new ReviewState();
  r.update('d1', two);
  r.accept('a.txt');
  r.accept('b.md');
  r.update('d2', two);
  assert.equal(r.isAccepted('a.txt'), false);
  assert.equal(r.pending(), 2);
  // and going back to the old id does not bring the marks back: they were dropped
  r.update('d1', two);
  assert.equal(r.isAccepted('a.txt'), false);
});

test('a different change to the same path is not accepted', () => {
  const r = new ReviewState();
  r.update('d1', [{ path: 'a.txt', change_type: 'modified' }]);
  r.accept('a.txt');
  r.update('d1', [{ path: 'a.txt', change_type: 'deleted' }]);
  assert.equal(r.isAccepted('a.txt'), false);
});

test('the same Draft after an engine restart keeps its review', () => {
  const r = new ReviewState();
  r.update('d1', two);
  r.accept('a.txt');
  r.update(undefined, []); // engine down: no Draft known
  assert.deepEqual(r.rows(), []);
  r.update('d1', two);
  assert.equal(r.isAccepted('a.txt'), true);
  assert.equal(r.isAccepted('b.md'), false);
});

test('no Draft means no rows and nothing to publish', () => {
  const r = new ReviewState();
  r.update(undefined, two);
  assert.deepEqual(r.rows(), []);
  assert.equal(r.allAccepted(), false);
});

test('the change-list signature ignores order and sees kind, path and Draft', () => {
  assert.equal(changesSignature('d1', two), changesSignature('d1', [...two].reverse()));
  assert.notEqual(changesSignature('d1', two), changesSignature('d2', two));
  assert.notEqual(changesSignature('d1', two), changesSignature('d1', [{ path: 'a.txt', change_type: 'deleted' }, two[0]]));
  assert.notEqual(changesSignature('d1', two), changesSignature('d1', two.slice(1)));
});

test('a review document names its Workbench and file', () => {
  assert.deepEqual(reviewFileOf(reviewQuery('01ABC', 'docs/a b&c.md')), { workbenchId: '01ABC', path: 'docs/a b&c.md' });
  assert.equal(reviewFileOf(reviewQuery('01ABC')), undefined);
  assert.equal(reviewFileOf('copy=01ABC'), undefined);
});
