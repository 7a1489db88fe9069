/**
 * The engine's class-data archive: keyed by jar and runtime, used only when complete, trained against the real jar.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { archivePath, ENGINE_JVM_OPTIONS, trainArchive, usableArchive } from '../../src/server/classData';

const extRoot = path.resolve(__dirname, '..', '..', '..');
const jar = process.env.TRESTLE_SERVER_JAR ?? path.resolve(extRoot, '..', 'server', 'target', 'trestle-server.jar');

test('the archive name changes with the jar and an empty file is never used', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-cds-test-'));
  try {
    const fakeJar = path.join(dir, 'engine.jar');
    fs.writeFileSync(fakeJar, 'one');
    const first = archivePath(dir, fakeJar, '/usr/bin/java');
    fs.writeFileSync(fakeJar, 'two, longer');
    const second = archivePath(dir, fakeJar, '/usr/bin/java');
    assert.ok(first && second);
    assert.notEqual(first, second);
    assert.equal(archivePath(dir, path.join(dir, 'missing.jar'), '/usr/bin/java'), undefined);
    fs.mkdirSync(path.dirname(second), { recursive: true });
    fs.writeFileSync(second, '');
    assert.equal(usableArchive(dir, fakeJar, '/usr/bin/java'), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('training against the real engine jar leaves an archive the JVM starts with', { skip: fs.existsSync(jar) ? false : 'engine jar not built' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-cds-test-'));
  try {
    assert.equal(await trainArchive(dir, jar, 'java'), true);
    const archive = usableArchive(dir, jar, 'java');
    assert.ok(archive, 'a complete archive is in place');
    assert.deepEqual(fs.readdirSync(path.dirname(archive)).filter((n) => n.startsWith('.')), [], 'no temp dump left');
    const out = execFileSync('java', [...ENGINE_JVM_OPTIONS, `-XX:SharedArchiveFile=${archive}`, '-jar', jar, '--version'],
      { encoding: 'utf8' });
    assert.match(out, /^trestle /);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
