/**
 * The one connection object every view, panel and command talks to the engine through (VS Code-free).
 *
 * Subscriptions made here outlive the engine process: when the supervisor attaches a restarted {@link Engine},
 * each one is re-attached to it, so an open Workshop keeps streaming after a restart. Requests made while no engine
 * is attached, and requests whose connection dies under them, fail with {@link EngineUnavailable}, whose message is
 * written for a person (never the transport's own text).
 */
import type { NotificationType, RequestType } from 'vscode-jsonrpc';
import { type Engine, EngineError } from './engine';
import type { ErrorInfo } from './protocol';

/** No engine to talk to: not started yet, restarting, or stopped. The message is meant for people. */
export class EngineUnavailable extends Error {
  constructor(readonly method: string, readonly lostDuringRequest: boolean) {
    super(lostDuringRequest
      ? 'The Trestle engine stopped while working on this. It restarts on its own; try again once it is back.'
      : 'The Trestle engine is not running right now. It restarts on its own; if it does not, use "Trestle: Show Engine Log".');
    this.name = 'EngineUnavailable';
  }
}

/** JSON-RPC codes the transport uses when a connection goes away (vscode-jsonrpc `ErrorCodes`). */
const TRANSPORT_CODES = new Set([-32097 /* PendingResponseRejected */, -32096 /* ConnectionInactive */, -32099 /* MessageWriteError */, -32098 /* MessageReadError */]);

/** True for a failure of the connection itself rather than an answer from the engine. */
export function isTransportFailure(err: unknown): boolean {
  if (err instanceof EngineUnavailable) {
    return true;
  }
  if (err instanceof EngineError) {
    return err.info === undefined && (err.code === undefined || TRANSPORT_CODES.has(err.code));
  }
  return false;
}

/** A persistent notification subscription. */
interface Subscription {
  method: string;
  type: NotificationType<unknown>;
  handler: (params: unknown) => void;
  current?: { dispose(): void };
}

/** What callers hold: the same `request`/`on` shape as {@link Engine}, valid across engine restarts. */
export class EngineLink {
  private engine: Engine | undefined;
  private attached = 0;
  private readonly subscriptions = new Set<Subscription>();
  private readonly attachListeners = new Set<(engine: Engine | undefined) => void>();

  /** The attached engine, if any. */
  get current(): Engine | undefined {
    return this.engine;
  }

  /** How many engines were attached so far: 1 for the first start, +1 per restart. */
  get generation(): number {
    return this.attached;
  }

  /** Attaches a (re)started engine, or detaches with `undefined`; re-subscribes every subscription. */
  attach(engine: Engine | undefined): void {
    this.engine = engine;
    if (engine) {
      this.attached++;
    }
    for (const s of this.subscriptions) {
      s.current?.dispose();
      s.current = engine?.on(s.type, s.handler);
    }
    for (const l of [...this.attachListeners]) {
      try {
        l(engine);
      } catch {
        // One failing listener must not starve the others.
      }
    }
  }

  /** Called after every attach and detach (after the subscriptions moved to the new engine). */
  onDidAttach(listener: (engine: Engine | undefined) => void): { dispose(): void } {
    this.attachListeners.add(listener);
    return { dispose: () => this.attachListeners.delete(listener) };
  }

  /** Sends a request to the current engine; connection failures become {@link EngineUnavailable}. */
  async request<P, R>(type: RequestType<P, R, ErrorInfo>, params: P): Promise<R> {
    const engine = this.engine;
    if (!engine) {
      throw new EngineUnavailable(type.method, false);
    }
    try {
      return await engine.request(type, params);
    } catch (err) {
      if (isTransportFailure(err)) {
        throw new EngineUnavailable(type.method, true);
      }
      throw err;
    }
  }

  /** Subscribes to a notification on this and every later engine. */
  on<P>(type: NotificationType<P>, handler: (params: P) => void): { dispose(): void } {
    const s: Subscription = {
      method: type.method, type: type, handler: handler as (params: unknown) => void,
    };
    s.current = this.engine?.on(s.type, s.handler);
    this.subscriptions.add(s);
    return {
      dispose: () => {
        s.current?.dispose();
        s.current = undefined;
        this.subscriptions.delete(s);
      },
    };
  }

  /** Number of live subscriptions (for tests). */
  get subscriptionCount(): number {
    return this.subscriptions.size;
  }
}
