import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotificationType, type RequestType, ResponseError } from 'vscode-jsonrpc';
import { Engine, type RpcConnection } from '../../src/engine';
import { EngineLink, EngineUnavailable, isTransportFailure } from '../../src/engineLink';
import { WorkbenchClutterChanged, WorkbenchList } from '../../src/protocol';

/** A connection whose requests answer with `reply`, and whose notifications the test emits. */
function connection(reply: () => unknown): RpcConnection & { emit(method: string, p: unknown): void } {
  const handlers = new Map<string, Set<(p: unknown) => void>>();
  return {
    sendRequest<P, R, E>(type: RequestType<P, R, E>, params: P): Promise<R> {
      void type;
      void params;
      try {
        return Promise.resolve(reply() as R);
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
    onNotification<P>(type: NotificationType<P>, handler: (p: P) => void) {
      const set = handlers.get(type.method) ?? new Set();
      handlers.set(type.method, set);
      set.add(handler as (p: unknown) => void);
      return { dispose: () => set.delete(handler as (p: unknown) => void) };
    },
    emit(method: string, p: unknown) {
      for (const h of handlers.get(method) ?? []) {
        h(p);
      }
    },
  };
}

const clutter = { workbench_id: 'wb', score: 0.1, level: 'Light', model_id: 'm', usage_tokens_estimate: 1, context_tokens_estimate: 10 };

test('a subscription made before a restart keeps receiving from the restarted engine', () => {
  const link = new EngineLink();
  const first = connection(() => ({}));
  link.attach(new Engine(first));
  const seen: number[] = [];
  link.on(WorkbenchClutterChanged, (c) => seen.push(c.score));
  first.emit('WorkbenchClutterChanged', clutter);
  link.attach(undefined); // the engine died
  first.emit('WorkbenchClutterChanged', { ...clutter, score: 0.2 }); // a dead engine's late frame is not delivered
  const second = connection(() => ({}));
  link.attach(new Engine(second));
  second.emit('WorkbenchClutterChanged', { ...clutter, score: 0.3 });
  assert.deepEqual(seen, [0.1, 0.3]);
});

test('a disposed subscription receives nothing and is forgotten', () => {
  const link = new EngineLink();
  const c = connection(() => ({}));
  link.attach(new Engine(c));
  const seen: number[] = [];
  const sub = link.on(WorkbenchClutterChanged, (x) => seen.push(x.score));
  sub.dispose();
  c.emit('WorkbenchClutterChanged', clutter);
  link.attach(new Engine(connection(() => ({}))));
  assert.deepEqual(seen, []);
  assert.equal(link.subscriptionCount, 0);
});

test('without an engine, a request fails with a message for people, not transport text', async () => {
  const link = new EngineLink();
  await assert.rejects(link.request(WorkbenchList, {}), (e: unknown) => {
    assert.ok(e instanceof EngineUnavailable);
    assert.equal(e.lostDuringRequest, false);
    assert.match(e.message, /not running right now/);
    return true;
  });
});

test('a request whose connection is disposed under it becomes EngineUnavailable', async () => {
  const link = new EngineLink();
  link.attach(new Engine(connection(() => { throw new ResponseError(-32097, 'Pending response rejected since connection got disposed'); })));
  await assert.rejects(link.request(WorkbenchList, {}), (e: unknown) => {
    assert.ok(e instanceof EngineUnavailable);
    assert.equal(e.lostDuringRequest, true);
    assert.doesNotMatch(e.message, /Pending response|disposed/);
    return true;
  });
});

test('application errors pass through the link unchanged', async () => {
  const data = { error_code: 'VALIDATION_FAILED', phase: 'workbench', retryable: false, actions: [], detail: 'unknown_workbench' };
  const link = new EngineLink();
  link.attach(new Engine(connection(() => { throw new ResponseError(-32000, 'bad', data); })));
  await assert.rejects(link.request(WorkbenchList, {}), (e: unknown) => {
    assert.equal(isTransportFailure(e), false);
    assert.deepEqual((e as { info: unknown }).info, data);
    return true;
  });
});

test('attach listeners run after the subscriptions moved', () => {
  const link = new EngineLink();
  const order: string[] = [];
  link.onDidAttach((e) => order.push(e ? 'up' : 'down'));
  link.attach(new Engine(connection(() => ({}))));
  link.attach(undefined);
  assert.deepEqual(order, ['up', 'down']);
});
