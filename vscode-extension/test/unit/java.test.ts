import assert from 'node:assert/strict';
import { test } from 'node:test';
import { javaCandidates, parseJavaMajor } from '../../src/logic/java';
import { findJava, JavaNotFound } from '../../src/server/javaFinder';

test('java -version output of modern and legacy runtimes is parsed', () => {
  assert.equal(parseJavaMajor('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment'), 17);
  assert.equal(parseJavaMajor('java version "1.8.0_392"'), 8);
  assert.equal(parseJavaMajor('openjdk version "21" 2023-09-19'), 21);
  assert.equal(parseJavaMajor('openjdk version "22-ea" 2024-03-19'), 22);
  assert.equal(parseJavaMajor('command not found'), undefined);
});

test('the setting wins alone; otherwise JAVA_HOME then PATH entries', () => {
  assert.deepEqual(javaCandidates({ setting: '/opt/jdk', javaHome: '/jh', pathEnv: '/usr/bin', platform: 'linux' }),
    [{ source: 'trestle.java.home', executable: '/opt/jdk/bin/java' }]);
  assert.deepEqual(javaCandidates({ javaHome: '/jh', pathEnv: '/a:/b', platform: 'linux' }).map((c) => c.executable),
    ['/jh/bin/java', '/a/java', '/b/java']);
  assert.deepEqual(javaCandidates({ pathEnv: 'C:\\java\\bin;D:\\x', platform: 'win32' }).map((c) => c.executable),
    ['C:\\java\\bin\\java.exe', 'D:\\x\\java.exe']);
});

test('a setting pointing nowhere is reported with what to do', async () => {
  await assert.rejects(findJava('/nonexistent/jdk', { PATH: '' }, 'linux'), (e: unknown) => {
    assert.ok(e instanceof JavaNotFound);
    assert.equal(e.fromSetting, true);
    assert.match(e.message, /trestle\.java\.home/);
    return true;
  });
});

test('the runtime on PATH is found when it is Java 17 or newer', async () => {
  const java = await findJava(undefined, { PATH: process.env.PATH }, process.platform).catch(() => undefined);
  if (!java) {
    return; // No Java on this machine: covered by the rejection test above.
  }
  assert.ok(java.major >= 17);
});

test('a bundled runtime is preferred over JAVA_HOME and PATH, but never over the setting', () => {
  assert.deepEqual(javaCandidates({ bundledHome: '/ext/server/jre', javaHome: '/jh', pathEnv: '/usr/bin', platform: 'linux' }).map((c) => c.source),
    ['bundled runtime', 'JAVA_HOME', 'PATH']);
  assert.deepEqual(javaCandidates({ setting: '/opt/jdk', bundledHome: '/ext/server/jre', platform: 'linux' }).map((c) => c.executable),
    ['/opt/jdk/bin/java']);
});
