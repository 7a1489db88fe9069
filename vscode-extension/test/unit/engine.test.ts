import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotificationType, type RequestType, ResponseError } from 'vscode-jsonrpc';
import { ApiVersionMismatch, Engine, EngineError, type RpcConnection } from '../../src/engine';
import { ProvidersSetApiKey, WorkbenchClutterChanged, type ClutterChanged } from '../../src/protocol';

function fakeConnection(reply: (method: string, params: unknown) => unknown): RpcConnection & { emit(method: string, p: unknown): void } {
  const handlers = new Map<string, (p: unknown) => void>();
  return {
    sendRequest<P, R, E>(type: RequestType<P, R, E>, params: P): Promise<R> {
      try {
        return Promise.resolve(reply(type.method, params) as R);
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
    onNotification<P>(type: NotificationType<P>, handler: (p: P) => void) {
      handlers.set(type.method, handler as (p: unknown) => void);
      return { dispose: () => handlers.delete(type.method) };
    },
    emit(method: string, p: unknown) {
      handlers.get(method)?.(p);
    },
  };
}

test('tracing redacts api_key in verbose mode', async () => {
  const lines: string[] = [];
  const engine = new Engine(fakeConnection(() => ({ configured: true })), { level: () => 'verbose', line: (l) => lines.push(l) });
  await engine.request(ProvidersSetApiKey, { provider_id: 'openai', api_key: 'sk-secret-1' });
  assert.equal(lines.join('\n').includes('sk-secret-1'), false);
  assert.match(lines[0], /ProvidersSetApiKey #1 \{"provider_id":"openai","api_key":"\[REDACTED\]"\}/);
});

test('application errors become EngineError with ErrorInfo', async () => {
  const data = { error_code: 'VALIDATION_FAILED', phase: 'settings', retryable: false, actions: [], detail: 'unknown_provider' };
  const engine = new Engine(fakeConnection(() => { throw new ResponseError(-32000, 'bad', data); }));
  await assert.rejects(engine.request(ProvidersSetApiKey, { provider_id: 'x', api_key: 'k' }), (e: unknown) => {
    assert.ok(e instanceof EngineError);
    assert.deepEqual(e.info, data);
    assert.equal(e.method, 'ProvidersSetApiKey');
    return true;
  });
});

test('several listeners receive a notification; a disposed one does not', () => {
  const conn = fakeConnection(() => ({}));
  const engine = new Engine(conn);
  const got: string[] = [];
  const a = engine.on(WorkbenchClutterChanged, (c: ClutterChanged) => got.push(`a:${c.level}`));
  engine.on(WorkbenchClutterChanged, (c: ClutterChanged) => got.push(`b:${c.level}`));
  conn.emit('WorkbenchClutterChanged', { level: 'Light' });
  a.dispose();
  conn.emit('WorkbenchClutterChanged', { level: 'Heavy' });
  assert.deepEqual(got, ['a:Light', 'b:Light', 'b:Heavy']);
});

test('the handshake rejects another api_version', async () => {
  const engine = new Engine(fakeConnection(() => ({ engine_version: '9', api_version: '2' })));
  await assert.rejects(engine.handshake(), ApiVersionMismatch);
});
