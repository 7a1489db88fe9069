import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { NOTIFICATION_METHODS, REQUEST_METHODS } from '../../src/generated/methods';
import { ALL_NOTIFICATIONS, ALL_REQUESTS, isErrorInfo } from '../../src/protocol';

const root = path.resolve(__dirname, '..', '..', '..');
const serverGolden = path.resolve(root, '..', 'server', 'src', 'test', 'resources', 'protocol-methods.txt');
const fixtureGolden = path.resolve(root, 'test', 'fixtures', 'protocol-methods.txt');
/** LSP lifecycle methods the engine also serves; not part of Trestle's own catalogue. */
const LIFECYCLE = new Set(['initialize', 'initialized', 'shutdown', 'exit']);

function golden(): { file: string; names: string[] } {
  const file = fs.existsSync(serverGolden) ? serverGolden : fixtureGolden;
  const names = fs.readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#') && !l.startsWith('$/') && !LIFECYCLE.has(l));
  return { file, names };
}

test('protocol.ts declares exactly the methods of the golden list', () => {
  const { file, names } = golden();
  const declared = [...ALL_REQUESTS, ...ALL_NOTIFICATIONS].map((t) => t.method);
  assert.equal(new Set(declared).size, declared.length, 'a method is declared twice');
  assert.deepEqual([...declared].sort(), [...new Set(names)].sort(), `mismatch with ${file}`);
});

test('each constant carries the generated method name it is listed under', () => {
  assert.deepEqual(ALL_REQUESTS.map((t) => t.method), [...REQUEST_METHODS]);
  assert.deepEqual(ALL_NOTIFICATIONS.map((t) => t.method), [...NOTIFICATION_METHODS]);
});

test('the generated method list is the golden list', () => {
  const { file, names } = golden();
  assert.deepEqual([...REQUEST_METHODS, ...NOTIFICATION_METHODS].sort(), [...new Set(names)].sort(),
    `src/generated/methods.ts is stale against ${file}: regenerate it (RpcMethodTableTest, -Dtrestle.writeGolden=true)`);
});

test('isErrorInfo accepts ErrorInfo data and rejects other shapes', () => {
  assert.equal(isErrorInfo({ error_code: 'DISK_FULL', phase: 'workbench', retryable: false, actions: [] }), true);
  assert.equal(isErrorInfo({ error_code: 'DISK_FULL', phase: 'workbench' }), false);
  assert.equal(isErrorInfo('DISK_FULL'), false);
  assert.equal(isErrorInfo(null), false);
});
