/**
 * Starts the bundled engine jar over stdio through `vscode-languageclient`, performs the `EngineGetInfo`
 * handshake, and restarts a dead engine a bounded number of times (never after exit code 3, spec storage.md §1).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, type LanguageClientOptions, RevealOutputChannelOn } from 'vscode-languageclient/node';
import { Engine, type Tracer } from '../engine';
import { EXIT_CODE_LOCKED } from '../protocol';
import { describeExit, RestartPolicy } from '../logic/restartPolicy';
import { ENGINE_JVM_OPTIONS } from './classData';
import type { JavaRuntime } from './javaFinder';

/**
 * Another engine holds the data dir but does not answer on its endpoint (exit code 3: a hung engine). In normal use a
 * second window's engine relays to the running one and this never happens.
 */
export class EngineLocked extends Error {
  constructor() {
    super('Another Trestle engine holds the data directory but does not answer (it may hang). End that engine process (its pid is in engine.lock in the data directory), then reload this window.');
    this.name = 'EngineLocked';
  }
}

/** The engine process could not be started or died during start-up. */
export class EngineStartFailed extends Error {
  constructor(message: string, readonly stderrTail: string) {
    super(message);
    this.name = 'EngineStartFailed';
  }
}

/** How to launch the engine. */
export interface EngineLaunch {
  command: string;
  args: string[];
}

/**
 * Memory limits for the editor's engine (as other Java language servers do): a heap cap, and exit on
 * OutOfMemoryError so the supervisor restarts a clean engine instead of one in an unknown state.
 */
export const ENGINE_MEMORY_OPTIONS: readonly string[] = ['-Xmx1g', '-XX:+ExitOnOutOfMemoryError'];

/**
 * The launch command: `java <lean JVM options> <memory options> [-XX:SharedArchiveFile=<archive>] -jar <jar>
 * [--allow-custom-endpoints] --stdio` (see `classData.ts`).
 * `TRESTLE_DEV_ENGINE_SCRIPT` (environment only, never a setting) runs a Node script instead; the
 * end-to-end harness uses it to drive the protocol fake when no engine jar has been built.
 */
export function engineLaunch(extensionPath: string, java: JavaRuntime | undefined, allowCustomEndpoints: boolean, env = process.env,
  archive?: string): EngineLaunch {
  const extra = allowCustomEndpoints ? ['--allow-custom-endpoints'] : [];
  const dev = env.TRESTLE_DEV_ENGINE_SCRIPT;
  if (dev) {
    return { command: 'node', args: [dev, ...extra] };
  }
  if (!java) {
    throw new Error('No Java runtime');
  }
  const cds = archive ? [`-XX:SharedArchiveFile=${archive}`] : [];
  return { command: java.executable, args: [...ENGINE_JVM_OPTIONS, ...ENGINE_MEMORY_OPTIONS, ...cds, '-jar', bundledJar(extensionPath), ...extra] };
}

/** Path of the engine jar inside the installed extension. */
export function bundledJar(extensionPath: string): string {
  return path.join(extensionPath, 'server', 'trestle-server.jar');
}

/** True when the jar is present (or the development script override is set). */
export function engineAvailable(extensionPath: string, env = process.env): boolean {
  return Boolean(env.TRESTLE_DEV_ENGINE_SCRIPT) || fs.existsSync(bundledJar(extensionPath));
}

/** Owns the engine process and its language client; fires events on every (re)start and stop. */
export class EngineSupervisor implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private child: ChildProcess | undefined;
  private exit: Promise<number | null> | undefined;
  private exitSignal: string | null = null;
  private stderrTail = '';
  private current: Engine | undefined;
  private disposed = false;
  private starting = false;
  private readonly policy = new RestartPolicy();
  private readonly started = new vscode.EventEmitter<Engine>();
  private readonly stopped = new vscode.EventEmitter<{ code: number | null; restarting: boolean }>();
  /** Fires with the new {@link Engine} after each successful start and handshake. */
  readonly onDidStart = this.started.event;
  /** Fires when the engine goes away. */
  readonly onDidStop = this.stopped.event;

  constructor(
    private readonly launch: () => EngineLaunch,
    private readonly output: vscode.OutputChannel,
    private readonly tracer: Tracer,
  ) {}

  /** The running engine, if any. */
  get engine(): Engine | undefined {
    return this.current;
  }

  /** Starts the engine and waits for the handshake. Rejects with {@link EngineLocked} on exit code 3. */
  async start(): Promise<Engine> {
    this.starting = true;
    try {
      const client = new LanguageClient('trestle.engine', 'Trestle Engine', () => this.spawn(), this.clientOptions());
      this.client = client;
      try {
        await client.start();
      } catch (err) {
        const code = await this.exitCodeWithin(5000);
        await this.disposeClient();
        if (code === EXIT_CODE_LOCKED) {
          throw new EngineLocked();
        }
        throw new EngineStartFailed(`The Trestle engine did not start${code !== undefined ? ` (exit code ${code})` : ''}: ${(err as Error).message}`, this.stderrTail);
      }
      const engine = new Engine(client, this.tracer);
      await engine.handshake();
      this.current = engine;
      this.started.fire(engine);
      return engine;
    } finally {
      this.starting = false;
    }
  }

  /** Recent engine stderr (startup failures only land there). */
  get recentStderr(): string {
    return this.stderrTail;
  }

  private spawn(): Promise<ChildProcess> {
    const l = this.launch();
    this.stderrTail = '';
    this.exitSignal = null;
    const child = spawn(l.command, l.args.concat('--stdio'), { stdio: 'pipe', windowsHide: true, env: process.env });
    this.child = child;
    this.exit = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitSignal = signal;
        resolve(code);
      });
      child.once('error', (e) => {
        this.output.appendLine(`Could not start the engine: ${e.message}`);
        resolve(null);
      });
    });
    child.stderr?.on('data', (d: Buffer) => {
      const text = d.toString('utf8');
      this.stderrTail = (this.stderrTail + text).slice(-4000);
      // The engine's stderr carries start-up failures and stray prints (never protocol frames): keep it visible.
      this.output.append(text);
    });
    return Promise.resolve(child);
  }

  private clientOptions(): LanguageClientOptions {
    return {
      documentSelector: [],
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationFailedHandler: () => false,
      errorHandler: {
        error: () => ({ action: ErrorAction.Continue, handled: true }),
        closed: () => {
          if (!this.starting && !this.disposed) {
            void this.onUnexpectedClose();
          }
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
    };
  }

  private async onUnexpectedClose(): Promise<void> {
    const code = (await this.exitCodeWithin(5000)) ?? null;
    const how = describeExit(code, this.exitSignal);
    this.current?.dispose();
    this.current = undefined;
    const decision = this.policy.onExit(code);
    this.stopped.fire({ code, restarting: decision.restart });
    await this.disposeClient();
    if (this.disposed) {
      return;
    }
    if (decision.restart) {
      this.output.appendLine(`The engine stopped (${how}); restarting it (attempt ${decision.attempt}).`);
      try {
        await this.start();
      } catch (err) {
        this.reportFailure(err);
      }
    } else if (decision.reason === 'locked') {
      void vscode.window.showErrorMessage(new EngineLocked().message);
    } else if (decision.reason === 'too_many_restarts') {
      const show = 'Show Log';
      this.output.appendLine(`The engine stopped (${how}) too often; not restarting it.`);
      void vscode.window.showErrorMessage(`The Trestle engine stopped repeatedly (last time: ${how}). Show Log says why; reload the window to try again.`, show)
        .then((c) => c === show && this.output.show());
    }
  }

  /** Shows a start failure to the user. */
  reportFailure(err: unknown): void {
    if (err instanceof EngineLocked) {
      void vscode.window.showErrorMessage(err.message);
      return;
    }
    const show = 'Show Log';
    this.output.appendLine(String((err as Error).message ?? err));
    void vscode.window.showErrorMessage((err as Error).message ?? String(err), show).then((c) => c === show && this.output.show());
  }

  private async exitCodeWithin(ms: number): Promise<number | null | undefined> {
    const exit = this.exit;
    if (!exit) {
      return undefined;
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms);
    });
    try {
      return await Promise.race([exit, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async disposeClient(): Promise<void> {
    const client = this.client;
    const child = this.child;
    this.client = undefined;
    this.child = undefined;
    if (client) {
      try {
        if (client.isRunning()) {
          await client.stop(3000);
        }
      } catch {
        // The process is already gone.
      }
    }
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill();
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.policy.stop();
    this.current?.dispose();
    this.current = undefined;
    await this.disposeClient();
    this.started.dispose();
    this.stopped.dispose();
  }
}
