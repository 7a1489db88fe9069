import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RestartPolicy } from '../../src/logic/restartPolicy';

test('exit code 3 (a hung engine holds the data dir) is never restarted', () => {
  const p = new RestartPolicy(3, 1000, () => 0);
  assert.deepEqual(p.onExit(3), { restart: false, reason: 'locked' });
});

test('restarts are bounded within the window and allowed again after it', () => {
  let t = 0;
  const p = new RestartPolicy(2, 1000, () => t);
  assert.deepEqual(p.onExit(1), { restart: true, attempt: 1 });
  assert.deepEqual(p.onExit(null), { restart: true, attempt: 2 });
  assert.deepEqual(p.onExit(1), { restart: false, reason: 'too_many_restarts' });
  t = 5000;
  assert.deepEqual(p.onExit(1), { restart: true, attempt: 1 });
});

test('after stop nothing is restarted', () => {
  const p = new RestartPolicy();
  p.stop();
  assert.deepEqual(p.onExit(1), { restart: false, reason: 'stopped' });
});
