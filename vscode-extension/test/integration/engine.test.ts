/**
 * Drives an engine process over stdio with vscode-jsonrpc, through the same {@link Engine} facade the extension uses.
 * Runs against the real engine jar (../server/target/trestle-server.jar, or TRESTLE_SERVER_JAR) when it exists, and
 * always against the protocol fake in test/fixtures, so the client side stays covered before the jar is built.
 */
import assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createMessageConnection, type MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { Engine, EngineError } from '../../src/engine';
import * as P from '../../src/protocol';

const extRoot = path.resolve(__dirname, '..', '..', '..');
const jar = process.env.TRESTLE_SERVER_JAR ?? path.resolve(extRoot, '..', 'server', 'target', 'trestle-server.jar');
const fake = path.resolve(extRoot, 'test', 'fixtures', 'fake-engine.mjs');

interface Target { name: string; command: string; args: string[]; skip: string | false }
const targets: Target[] = [
  { name: 'real engine jar', command: 'java', args: ['-XX:-UsePerfData', '-jar', jar], skip: fs.existsSync(jar) ? false : `engine jar not built (${jar}); run "mvn -q -DskipTests package" at the repo root` },
  { name: 'protocol fake', command: process.execPath, args: [fake], skip: false },
];

function waitFor<T>(engine: Engine, type: P.NotificationType<T>, pred: (p: T) => boolean): Promise<T> {
  return new Promise((resolve) => {
    const sub = engine.on(type, (p) => {
      if (pred(p)) {
        sub.dispose();
        resolve(p);
      }
    });
  });
}

for (const t of targets) {
  describe(`engine over stdio: ${t.name}`, { skip: t.skip }, () => {
    let dir: string;
    let child: ChildProcessWithoutNullStreams;
    let conn: MessageConnection;
    let engine: Engine;
    let stderr = '';

    const start = (dataDir: string): ChildProcessWithoutNullStreams =>
      spawn(t.command, [...t.args, '--data-dir', dataDir, '--stdio'], { stdio: 'pipe', env: { ...process.env, TRESTLE_DATA_DIR: dataDir } });

    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-it-'));
      child = start(path.join(dir, 'data'));
      child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
      conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
      conn.listen();
      engine = new Engine(conn);
    });

    after(async () => {
      engine.dispose();
      const exited = new Promise((r) => child.once('exit', r));
      try {
        await conn.sendRequest('shutdown');
        await conn.sendNotification('exit');
      } catch {
        child.kill();
      }
      await exited;
      conn.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
      if (stderr.trim()) {
        console.log(`[${t.name} stderr]\n${stderr}`);
      }
    });

    test('initialize answers with serverInfo trestle and EngineGetInfo speaks api_version 1', async () => {
      const init = await conn.sendRequest<{ serverInfo: { name: string } }>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal(init.serverInfo.name, 'trestle');
      await conn.sendNotification('initialized', {});
      const info = await engine.handshake();
      assert.equal(info.api_version, '1');
    });

    test('a second engine on the same data dir relays to the first and serves its own client', { skip: t.name === 'protocol fake' ? 'the fake has no relay' : false }, async () => {
      const second = start(path.join(dir, 'data'));
      const exited = new Promise<number | null>((r) => second.once('exit', r));
      const conn2 = createMessageConnection(new StreamMessageReader(second.stdout), new StreamMessageWriter(second.stdin));
      conn2.listen();
      const engine2 = new Engine(conn2);
      const { workbench_id: wb } = await engine2.request(P.WorkbenchCreate, { name: 'from the second window' });
      const listed = await engine.request(P.WorkbenchList, {});
      assert.ok(listed.workbenches.some((w) => w.id === wb), 'the first client sees the workbench the second created');
      conn2.dispose();
      second.stdin.end();
      assert.equal(await exited, 0);
    });

    test('a second engine that cannot reach the first exits with code 3 (hung engine)', { skip: t.name === 'protocol fake' ? false : 'covered by S1SecondEngineIT for the real engine' }, async () => {
      const second = start(path.join(dir, 'data'));
      const code = await new Promise<number | null>((r) => second.once('exit', r));
      assert.equal(code, P.EXIT_CODE_LOCKED);
    });

    test('create a workbench, add files, get the clutter notification, checkpoint and restore', async () => {
      const { workbench_id: wb } = await engine.request(P.WorkbenchCreate, { name: '  IT bench  ' });
      const opened = await engine.request(P.WorkbenchOpen, { workbench_id: wb });
      assert.equal(opened.workbench.name, 'IT bench');
      assert.equal(opened.workbench.has_draft, false);

      const src = path.join(dir, 'src');
      fs.mkdirSync(src);
      fs.writeFileSync(path.join(src, 'a.txt'), 'a'.repeat(4000));
      fs.writeFileSync(path.join(src, 'b.csv'), 'b'.repeat(2000));
      const clutter = waitFor(engine, P.WorkbenchClutterChanged, (c) => c.workbench_id === wb);
      const filesChanged = waitFor(engine, P.WorkbenchFilesChanged, (c) => c.workbench_id === wb);
      const added = await engine.request(P.WorkbenchFilesAdd, { workbench_id: wb, source_paths: [path.join(src, 'a.txt'), path.join(src, 'b.csv'), path.join(src, 'a.txt'), 'relative.txt'] });
      assert.deepEqual(added.add_results.map((r) => `${r.status}/${r.reason ?? ''}`), ['added/', 'added/', 'skipped/duplicate', 'failed/invalid_path']);
      assert.deepEqual((await filesChanged).added.sort(), ['a.txt', 'b.csv']);
      const c = await clutter;
      // algorithms.md §6: o200k counts of the next request (exact for gpt-5.2); the breakdown sums to the total
      assert.equal(c.source, 'exact');
      assert.equal(c.level, 'Light');
      assert.equal(c.usable_context_tokens, c.context_tokens_estimate - c.reserved_output_tokens);
      assert.equal(c.breakdown.reduce((a, i) => a + i.tokens, 0), c.usage_tokens_estimate);
      assert.deepEqual(c.breakdown.filter((i) => i.kind === 'file').map((i) => i.path).sort(), ['a.txt', 'b.csv']);
      assert.deepEqual({ ...(await engine.request(P.WorkbenchGetClutter, { workbench_id: wb })), workbench_id: wb }, c);

      const created = waitFor(engine, P.CheckpointCreated, (x) => x.workbench_id === wb && x.reason === 'manual');
      const { checkpoint_id: cp } = await engine.request(P.CheckpointsCreate, { workbench_id: wb, description: 'two files' });
      assert.equal((await created).checkpoint_id, cp);

      const files = await engine.request(P.WorkbenchFilesList, { workbench_id: wb });
      assert.deepEqual(files.files.map((f) => `${f.path}:${f.file_kind}:${f.size}`).sort(), ['a.txt:text:4000', 'b.csv:text:2000']);
      const removed = await engine.request(P.WorkbenchFilesRemove, { workbench_id: wb, workbench_paths: ['b.csv'] });
      assert.equal(removed.remove_results[0].status, 'removed');

      const progress: string[] = [];
      const sub = engine.on(P.CheckpointRestoreProgress, (p) => progress.push(p.phase));
      const restoredNote = waitFor(engine, P.CheckpointRestored, (x) => x.workbench_id === wb);
      const restored = await engine.request(P.CheckpointsRestore, { workbench_id: wb, checkpoint_id: cp });
      sub.dispose();
      assert.equal((await restoredNote).pre_restore_checkpoint_id, restored.pre_restore_checkpoint_id);
      assert.equal(progress[0], 'pre_restore_checkpoint');
      assert.ok(progress.includes('finalizing'));
      const after = await engine.request(P.WorkbenchFilesList, { workbench_id: wb });
      assert.deepEqual(after.files.map((f) => f.path).sort(), ['a.txt', 'b.csv']);

      const list = await engine.request(P.CheckpointsList, { workbench_id: wb });
      assert.deepEqual(list.checkpoints.map((x) => x.reason), ['pre_restore', 'auto', 'manual'], 'newest first');
      assert.ok(list.checkpoints.every((x) => x.restorable));

      // a pin is announced (to every client) once; pinning it again changes nothing and says nothing
      const pins: boolean[] = [];
      const pinSub = engine.on(P.CheckpointPinChanged, (x) => {
        if (x.workbench_id === wb && x.checkpoint_id === cp) {
          pins.push(x.pinned);
        }
      });
      assert.equal((await engine.request(P.CheckpointsSetPinned, { workbench_id: wb, checkpoint_id: cp, pinned: true })).checkpoint.pinned, true);
      await engine.request(P.CheckpointsSetPinned, { workbench_id: wb, checkpoint_id: cp, pinned: true });
      await engine.request(P.CheckpointsSetPinned, { workbench_id: wb, checkpoint_id: cp, pinned: false });
      pinSub.dispose();
      assert.deepEqual(pins, [true, false]);
    });

    test('an unknown workbench is a structured VALIDATION_FAILED error', async () => {
      await assert.rejects(engine.request(P.WorkbenchOpen, { workbench_id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }), (e: unknown) => {
        assert.ok(e instanceof EngineError);
        assert.equal(e.info?.error_code, 'VALIDATION_FAILED');
        assert.match(e.info?.detail ?? '', /^unknown_workbench/);
        return true;
      });
    });

    test('switching to a model without a key fails PROVIDER_NOT_CONFIGURED with open_settings', async () => {
      const { workbench_id: wb } = await engine.request(P.WorkbenchCreate, {});
      await assert.rejects(engine.request(P.WorkshopSetActiveModel, { workbench_id: wb, model_id: 'mistral:mistral-large' }), (e: unknown) => {
        assert.ok(e instanceof EngineError);
        assert.equal(e.info?.error_code, 'PROVIDER_NOT_CONFIGURED');
        assert.deepEqual(e.info?.actions, ['open_settings']);
        return true;
      });
    });
  });
}
