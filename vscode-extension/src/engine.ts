/**
 * A typed, VS Code-free facade over a JSON-RPC connection to the engine: requests with redacted tracing and
 * {@link EngineError}s carrying the engine's {@link ErrorInfo}, and multi-listener notification subscriptions.
 * Both `vscode-languageclient`'s `LanguageClient` and a plain `vscode-jsonrpc` `MessageConnection` fit {@link RpcConnection}.
 */
import type { NotificationType, RequestType } from 'vscode-jsonrpc';
import { API_VERSION, type EngineInfo, EngineGetInfo, type ErrorInfo } from './protocol';
import { errorInfoOf } from './logic/errors';
import { redactedJson } from './logic/redact';

/** The subset of a JSON-RPC connection the facade needs. */
export interface RpcConnection {
  sendRequest<P, R, E>(type: RequestType<P, R, E>, params: P): Promise<R>;
  onNotification<P>(type: NotificationType<P>, handler: (params: P) => void): { dispose(): void };
}

/** Trace sink; `undefined` level means tracing is off. */
export interface Tracer {
  level(): 'off' | 'messages' | 'verbose';
  line(text: string): void;
}

/** A failed request. `info` is set for application errors (code -32000); `code` is the JSON-RPC code. */
export class EngineError extends Error {
  constructor(
    readonly method: string,
    readonly info: ErrorInfo | undefined,
    readonly code: number | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** The client's api_version does not match the engine's. */
export class ApiVersionMismatch extends Error {
  constructor(readonly engineApiVersion: string) {
    super(`The Trestle engine speaks API version ${engineApiVersion}; this extension needs ${API_VERSION}.`);
    this.name = 'ApiVersionMismatch';
  }
}

type Listener = (params: unknown) => void;

/** Typed access to one running engine. */
export class Engine {
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly subscriptions: { dispose(): void }[] = [];
  private nextId = 1;

  constructor(
    private readonly connection: RpcConnection,
    private readonly tracer?: Tracer,
  ) {}

  /** Sends a request; failures become {@link EngineError}. */
  async request<P, R>(type: RequestType<P, R, ErrorInfo>, params: P): Promise<R> {
    const id = this.nextId++;
    const level = this.tracer?.level() ?? 'off';
    if (level !== 'off') {
      this.tracer?.line(`--> ${type.method} #${id}${level === 'verbose' ? ` ${redactedJson(params)}` : ''}`);
    }
    try {
      const result = await this.connection.sendRequest(type, params);
      if (level !== 'off') {
        this.tracer?.line(`<-- ${type.method} #${id} ok${level === 'verbose' ? ` ${redactedJson(result)}` : ''}`);
      }
      return result;
    } catch (err) {
      const info = errorInfoOf(err);
      const code = typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : undefined;
      const message = err instanceof Error ? err.message : String(err);
      if (level !== 'off') {
        this.tracer?.line(`<-- ${type.method} #${id} error ${code ?? ''} ${info ? redactedJson(info) : ''}`);
      }
      throw new EngineError(type.method, info, code, message);
    }
  }

  /** Subscribes to a notification; several listeners may watch the same method. */
  on<P>(type: NotificationType<P>, handler: (params: P) => void): { dispose(): void } {
    let set = this.listeners.get(type.method);
    if (!set) {
      const created = new Set<Listener>();
      set = created;
      this.listeners.set(type.method, created);
      this.subscriptions.push(this.connection.onNotification(type, (params: P) => {
        const level = this.tracer?.level() ?? 'off';
        if (level !== 'off') {
          this.tracer?.line(`<-- ${type.method}${level === 'verbose' ? ` ${redactedJson(params)}` : ''}`);
        }
        for (const l of [...created]) {
          try {
            l(params);
          } catch {
            // One failing listener must not starve the others.
          }
        }
      }));
    }
    const listener = handler as Listener;
    set.add(listener);
    return { dispose: () => set?.delete(listener) };
  }

  /** `EngineGetInfo` handshake; rejects with {@link ApiVersionMismatch} on another api_version. */
  async handshake(): Promise<EngineInfo> {
    const info = await this.request(EngineGetInfo, {});
    if (info.api_version !== API_VERSION) {
      throw new ApiVersionMismatch(info.api_version);
    }
    return info;
  }

  /** Drops every notification subscription. */
  dispose(): void {
    for (const s of this.subscriptions.splice(0)) {
      s.dispose();
    }
    this.listeners.clear();
  }
}
