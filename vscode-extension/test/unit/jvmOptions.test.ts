import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { archivePath, ENGINE_JVM_OPTIONS } from '../../src/server/classData';

const root = path.resolve(__dirname, '..', '..', '..');
const published = path.resolve(root, '..', 'server', 'src', 'main', 'resources', 'dev', 'trestle', 'server', 'rpc',
  'jvm-options.txt');

test('the extension launches the engine with exactly the JVM options the engine jar publishes', () => {
  const lines = fs.readFileSync(published, 'utf8').split(/\r?\n/).map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
  assert.deepEqual([...ENGINE_JVM_OPTIONS], lines);
});

test('a JDK upgraded in place gets a new class-data archive', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-jdk-test-'));
  try {
    const jar = path.join(dir, 'engine.jar');
    fs.writeFileSync(jar, 'jar');
    const home = path.join(dir, 'jdk');
    fs.mkdirSync(path.join(home, 'bin'), { recursive: true });
    const java = path.join(home, 'bin', 'java');
    fs.writeFileSync(java, '');
    fs.writeFileSync(path.join(home, 'release'), 'JAVA_VERSION="17.0.12"\n');
    const before = archivePath(dir, jar, java);
    fs.writeFileSync(path.join(home, 'release'), 'JAVA_VERSION="17.0.13"\n');
    const after = archivePath(dir, jar, java);
    assert.ok(before && after);
    assert.notEqual(before, after);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
