/** The Checkpoints tree of the selected Workbench: newest first, time, reason badge, description. */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { reasonBadge, sortNewestFirst } from '../logic/checkpoints';
import { formatBytes, formatTime, humanTime } from '../logic/format';
import { type CheckpointMetadata, CheckpointCreated, CheckpointRestored, CheckpointsList, DraftStateChanged, WorkbenchFilesChanged } from '../protocol';

/** Tree data for `trestle.checkpoints`; refreshed from `CheckpointCreated`/`CheckpointRestored`/`DraftStateChanged`. */
export class CheckpointsView implements vscode.TreeDataProvider<CheckpointMetadata>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<CheckpointMetadata | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];
  private view: vscode.TreeView<CheckpointMetadata> | undefined;
  /** Last listed checkpoints, newest first (for the restore command). */
  latest: CheckpointMetadata[] = [];

  constructor(private readonly state: TrestleState) {
    // WorkbenchFilesChanged too: adding files adds store objects, so the store count in the title changes.
    for (const t of [CheckpointCreated, CheckpointRestored, DraftStateChanged, WorkbenchFilesChanged] as const) {
      this.subs.push(state.engine().on(t, (p: { workbench_id: string }) => {
        if (p.workbench_id === state.selected) {
          this.refresh();
        }
      }));
    }
    this.subs.push(state.onDidChangeEngine(() => this.refresh()));
    this.subs.push(state.onDidChangeSelection(() => this.refresh()));
  }

  attach(view: vscode.TreeView<CheckpointMetadata>): void {
    this.view = view;
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  async getChildren(node?: CheckpointMetadata): Promise<CheckpointMetadata[]> {
    const engine = this.state.engineOrUndefined;
    const wb = this.state.workbench;
    if (node || !engine || !wb) {
      if (this.view && !node) {
        this.view.description = undefined;
        this.view.message = engine ? undefined : 'The engine is not running.';
      }
      this.latest = [];
      return [];
    }
    try {
      const r = await engine.request(CheckpointsList, { workbench_id: wb.id });
      this.latest = sortNewestFirst(r.checkpoints);
      if (this.view) {
        this.view.description = `${wb.name} · store ${r.store.objects} objects, ${formatBytes(r.store.bytes)}`;
        this.view.message = wb.has_draft ? 'Create and restore are disabled while a Draft exists: publish or discard it first.' : undefined;
      }
      return this.latest;
    } catch (err) {
      this.state.output.appendLine(`Checkpoints view: ${(err as Error).message}`);
      return [];
    }
  }

  getTreeItem(cp: CheckpointMetadata): vscode.TreeItem {
    const item = new vscode.TreeItem(humanTime(cp.created_at), vscode.TreeItemCollapsibleState.None);
    item.id = `cp:${cp.checkpoint_id}`;
    item.description = `[${reasonBadge(cp.reason)}] ${cp.description}`;
    item.tooltip = `${formatTime(cp.created_at)}\n${cp.description}\nReason: ${reasonBadge(cp.reason)}\n${cp.stats.files} files, ${formatBytes(cp.stats.total_bytes)}` +
      (cp.restorable ? '' : '\nNot restorable: some of its content is missing from the store.');
    item.iconPath = new vscode.ThemeIcon(cp.restorable ? 'history' : 'warning');
    item.contextValue = cp.restorable ? 'checkpointRestorable' : 'checkpoint';
    return item;
  }

  dispose(): void {
    this.subs.forEach((s) => {
      s.dispose();
    });
    this.emitter.dispose();
  }
}
