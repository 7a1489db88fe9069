/** Shared extension state: the running engine, the selected Workbench and cached registry data. */
import * as vscode from 'vscode';
import type { Engine } from './engine';
import { EngineError } from './engine';
import { EngineLink } from './engineLink';
import {
  type ModelInfo, ModelsListSupported, type ProviderStatus, ProvidersGetStatus, type Workbench, WorkbenchOpen,
} from './protocol';

const SELECTED_KEY = 'trestle.selectedWorkbench';

/** Lifecycle of the engine as the views show it (context key `trestle.engineState`). */
export type EngineState = 'starting' | 'ready' | 'stopped';

/** One per activation; views and commands read and update it. */
export class TrestleState implements vscode.Disposable {
  /** The one connection every view and panel uses; it survives engine restarts. */
  readonly link = new EngineLink();
  private engineRef: Engine | undefined;
  private selectedId: string | undefined;
  private selectedWorkbench: Workbench | undefined;
  private modelsCache: ModelInfo[] | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly engineChanged = new vscode.EventEmitter<Engine | undefined>();
  /** Fires when the selection or its Draft state changes. */
  readonly onDidChangeSelection = this.changed.event;
  /** Fires when the engine (re)starts or stops. */
  readonly onDidChangeEngine = this.engineChanged.event;

  constructor(private readonly memento: vscode.Memento, readonly output: vscode.OutputChannel) {
    this.selectedId = memento.get<string>(SELECTED_KEY);
  }

  /**
   * The connection to the engine. It never throws here: its requests fail with a person-readable
   * `EngineUnavailable` while no engine runs, and its subscriptions follow the engine across restarts.
   */
  engine(): EngineLink {
    return this.link;
  }

  /** Publishes the engine's lifecycle for `viewsWelcome` (starting / not running / ready). */
  setEngineState(s: EngineState): void {
    void vscode.commands.executeCommand('setContext', 'trestle.engineState', s);
  }

  get engineOrUndefined(): Engine | undefined {
    return this.engineRef;
  }

  setEngine(engine: Engine | undefined, restarting = false): void {
    this.engineRef = engine;
    this.modelsCache = undefined;
    this.link.attach(engine);
    void vscode.commands.executeCommand('setContext', 'trestle.engineReady', engine !== undefined);
    this.setEngineState(engine ? 'ready' : restarting ? 'starting' : 'stopped');
    this.engineChanged.fire(engine);
    if (engine) {
      void this.reloadSelected();
    }
  }

  get selected(): string | undefined {
    return this.selectedId;
  }

  get workbench(): Workbench | undefined {
    return this.selectedWorkbench;
  }

  /** Selects a Workbench (or none) and loads it. */
  async select(id: string | undefined): Promise<void> {
    this.selectedId = id;
    await this.memento.update(SELECTED_KEY, id);
    await this.reloadSelected();
  }

  /** Re-reads the selected Workbench (e.g. after a Draft change); drops a selection that no longer exists. */
  async reloadSelected(): Promise<void> {
    const engine = this.engineRef;
    if (!engine || !this.selectedId) {
      this.selectedWorkbench = undefined;
    } else {
      try {
        this.selectedWorkbench = (await engine.request(WorkbenchOpen, { workbench_id: this.selectedId })).workbench;
      } catch (err) {
        if (err instanceof EngineError && err.info?.error_code === 'VALIDATION_FAILED') {
          this.selectedId = undefined;
          await this.memento.update(SELECTED_KEY, undefined);
        }
        this.selectedWorkbench = undefined;
      }
    }
    await vscode.commands.executeCommand('setContext', 'trestle.hasDraft', this.selectedWorkbench?.has_draft ?? false);
    await vscode.commands.executeCommand('setContext', 'trestle.hasWorkbench', this.selectedWorkbench !== undefined);
    await this.refreshReadiness();
    this.changed.fire();
  }

  /** Context key `trestle.providerReady`: some provider has a validated key and is enabled (onboarding). */
  async refreshReadiness(): Promise<void> {
    if (!this.engineRef) {
      return;
    }
    try {
      const ready = (await this.providers()).some((p) => p.configured && p.enabled && p.status === 'configured' && p.last_validated_at !== undefined);
      await vscode.commands.executeCommand('setContext', 'trestle.providerReady', ready);
    } catch {
      // Readiness is a hint for the welcome view; the next reload tries again.
    }
  }

  /**
   * Registry models. The cached copy serves names and windows; pass `fresh` wherever `available` matters
   * (it changes with keys and enablement).
   */
  async models(fresh = false): Promise<ModelInfo[]> {
    if (fresh || !this.modelsCache) {
      this.modelsCache = (await this.engine().request(ModelsListSupported, {})).models;
    }
    return this.modelsCache;
  }

  /** Provider status, never cached (it changes with keys and validation). */
  async providers(): Promise<ProviderStatus[]> {
    return (await this.engine().request(ProvidersGetStatus, {})).providers;
  }

  /** The selected Workbench id, or an error telling the user to pick one. */
  requireSelected(): string {
    if (!this.selectedId) {
      throw new Error('Select a Workbench first (Trestle view, or "Trestle: Create Workbench").');
    }
    return this.selectedId;
  }

  dispose(): void {
    this.changed.dispose();
    this.engineChanged.dispose();
  }
}
