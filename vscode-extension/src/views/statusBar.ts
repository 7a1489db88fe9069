/** Status bar items: the active model (opens the picker) and the live clutter meter. */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { renderClutter } from '../logic/clutter';
import { modelStatusText } from '../logic/models';
import { type ClutterState, WorkbenchClutterChanged, WorkbenchGetClutter, WorkshopGetState, WorkshopModelChanged } from '../protocol';

/** Keeps both items in sync with the selected Workbench and the engine's notifications. */
export class StatusBar implements vscode.Disposable {
  readonly model: vscode.StatusBarItem;
  readonly clutter: vscode.StatusBarItem;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly state: TrestleState) {
    this.model = vscode.window.createStatusBarItem('trestle.model', vscode.StatusBarAlignment.Left, 50);
    this.model.name = 'Trestle Model';
    this.model.command = 'trestle.model.pick';
    this.clutter = vscode.window.createStatusBarItem('trestle.clutter', vscode.StatusBarAlignment.Left, 49);
    this.clutter.name = 'Trestle Clutter';
    this.clutter.command = 'trestle.clutter.removeItem';
    // Through the link: the subscriptions follow the engine across restarts.
    this.subs.push(state.engine().on(WorkbenchClutterChanged, (c) => {
      if (c.workbench_id === state.selected) {
        void this.showClutter(c);
      }
    }));
    this.subs.push(state.engine().on(WorkshopModelChanged, (m) => {
      if (m.workbench_id === state.selected) {
        void this.refreshModel(m.model_id);
      }
    }));
    this.subs.push(state.onDidChangeEngine(() => void this.refresh()));
    this.subs.push(state.onDidChangeSelection(() => void this.refresh()));
  }

  /** Reloads both items for the selected Workbench. */
  async refresh(): Promise<void> {
    const engine = this.state.engineOrUndefined;
    const wb = this.state.selected;
    if (!engine || !wb || !this.state.workbench) {
      this.model.hide();
      this.clutter.hide();
      return;
    }
    try {
      const ws = await engine.request(WorkshopGetState, { workbench_id: wb });
      await this.refreshModel(ws.active_model_id);
      await this.showClutter(await engine.request(WorkbenchGetClutter, { workbench_id: wb }));
    } catch (err) {
      this.state.output.appendLine(`Status bar: ${(err as Error).message}`);
    }
  }

  private async refreshModel(modelId: string): Promise<void> {
    const models = await this.state.models();
    const providers = await this.state.providers();
    const m = models.find((x) => x.model_id === modelId);
    const p = providers.find((x) => x.provider_id === (m?.provider_id ?? modelId.split(':')[0]));
    this.model.text = `$(hubot) ${modelStatusText(m, modelId, p)}`;
    this.model.tooltip = `Active model of this Workbench: ${modelId}${p?.endpoint_host ? `\nEndpoint: ${p.endpoint_host}` : ''}\nClick to switch.`;
    this.model.show();
  }

  private async showClutter(c: ClutterState): Promise<void> {
    const models = await this.state.models().catch(() => []);
    const view = renderClutter(c, models.find((m) => m.model_id === c.model_id)?.display_name);
    this.clutter.text = view.text;
    this.clutter.tooltip = view.tooltip;
    this.clutter.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.clutter.show();
  }

  dispose(): void {
    this.subs.forEach((s) => {
      s.dispose();
    });
    this.model.dispose();
    this.clutter.dispose();
  }
}
