/**
 * The Checkpoints tree of the selected Workbench: newest first, time, reason badge, description, a pin icon on pinned
 * ones. Expanding a checkpoint compares it with the current files: one child per changed file, which opens a diff
 * (checkpoint ↔ current) and offers "Restore This File".
 */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { CHECKPOINTS_VIEW_REFRESH, type ChangeRow, changeDescription, changeRows, reasonBadge, sortNewestFirst, storeDescription } from '../logic/checkpoints';
import { formatBytes, formatTime, humanTime } from '../logic/format';
import { type CheckpointMetadata, CheckpointsDiff, CheckpointsList } from '../protocol';

/** A checkpoint row. */
export interface CheckpointNode { kind: 'checkpoint'; workbenchId: string; cp: CheckpointMetadata }
/** A file that differs between a checkpoint and the current files (a child of its checkpoint). */
export interface ChangeNode { kind: 'change'; workbenchId: string; cp: CheckpointMetadata; row: ChangeRow }
export type CheckpointTreeNode = CheckpointNode | ChangeNode;

/** Tree data for `trestle.checkpoints`; refreshed on {@link CHECKPOINTS_VIEW_REFRESH} (a pin from the CLI or another window too). */
export class CheckpointsView implements vscode.TreeDataProvider<CheckpointTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<CheckpointTreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];
  private view: vscode.TreeView<CheckpointTreeNode> | undefined;
  /** Last listed checkpoints, newest first (for the restore command). */
  latest: CheckpointMetadata[] = [];
  private nodes = new Map<string, CheckpointNode>();

  constructor(private readonly state: TrestleState) {
    for (const t of CHECKPOINTS_VIEW_REFRESH) {
      this.subs.push(state.engine().on(t, (p: { workbench_id: string }) => {
        if (p.workbench_id === state.selected) {
          this.refresh();
        }
      }));
    }
    this.subs.push(state.onDidChangeEngine(() => this.refresh()));
    this.subs.push(state.onDidChangeSelection(() => this.refresh()));
  }

  attach(view: vscode.TreeView<CheckpointTreeNode>): void {
    this.view = view;
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  /** The row of a listed checkpoint (for reveal), if it is listed. */
  nodeOf(checkpointId: string): CheckpointNode | undefined {
    return this.nodes.get(checkpointId);
  }

  /** Expands a checkpoint's row so its changed files show. */
  async reveal(checkpointId: string): Promise<void> {
    const node = this.nodes.get(checkpointId);
    if (node && this.view) {
      try {
        await this.view.reveal(node, { expand: true, select: true, focus: false });
      } catch (err) {
        this.state.output.appendLine(`Checkpoints view: cannot reveal ${checkpointId}: ${(err as Error).message}`);
      }
    }
  }

  getParent(node: CheckpointTreeNode): CheckpointTreeNode | undefined {
    return node.kind === 'change' ? this.nodes.get(node.cp.checkpoint_id) : undefined;
  }

  async getChildren(node?: CheckpointTreeNode): Promise<CheckpointTreeNode[]> {
    const engine = this.state.engineOrUndefined;
    const wb = this.state.workbench;
    if (node?.kind === 'change') {
      return [];
    }
    if (node?.kind === 'checkpoint') {
      if (!engine) {
        return [];
      }
      try {
        const diff = await engine.request(CheckpointsDiff, { workbench_id: node.workbenchId, from_checkpoint_id: node.cp.checkpoint_id });
        return changeRows(diff).map((row) => ({ kind: 'change', workbenchId: node.workbenchId, cp: node.cp, row }));
      } catch (err) {
        this.state.output.appendLine(`Checkpoints view: ${(err as Error).message}`);
        return [];
      }
    }
    if (!engine || !wb) {
      if (this.view) {
        this.view.description = undefined;
        this.view.message = engine ? undefined : 'The engine is not running.';
      }
      this.latest = [];
      this.nodes = new Map();
      return [];
    }
    try {
      const r = await engine.request(CheckpointsList, { workbench_id: wb.id });
      this.latest = sortNewestFirst(r.checkpoints);
      this.nodes = new Map(this.latest.map((cp) => [cp.checkpoint_id, { kind: 'checkpoint', workbenchId: wb.id, cp }]));
      if (this.view) {
        this.view.description = storeDescription(wb.name, r.store);
        this.view.message = wb.has_draft ? 'Create and restore are disabled while a Draft exists: publish or discard it first.' : undefined;
      }
      return [...this.nodes.values()];
    } catch (err) {
      this.state.output.appendLine(`Checkpoints view: ${(err as Error).message}`);
      return [];
    }
  }

  getTreeItem(node: CheckpointTreeNode): vscode.TreeItem {
    if (node.kind === 'change') {
      const item = new vscode.TreeItem(node.row.path, vscode.TreeItemCollapsibleState.None);
      item.id = `cp:${node.cp.checkpoint_id}:${node.row.path}`;
      item.description = changeDescription(node.row);
      item.tooltip = `${node.row.path}: ${changeDescription(node.row)}\nClick to compare the checkpoint's version with the current one.`;
      item.iconPath = new vscode.ThemeIcon(node.row.kind === 'added' ? 'diff-added' : node.row.kind === 'removed' ? 'diff-removed' : 'diff-modified');
      item.contextValue = 'checkpointChange';
      item.command = { command: 'trestle.checkpoints.openChange', title: 'Compare', arguments: [node] };
      return item;
    }
    const cp = node.cp;
    const item = new vscode.TreeItem(humanTime(cp.created_at), vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `cp:${cp.checkpoint_id}`;
    item.description = `[${reasonBadge(cp.reason)}] ${cp.description}`;
    item.tooltip = `${formatTime(cp.created_at)}\n${cp.description}\nReason: ${reasonBadge(cp.reason)}\n${cp.stats.files} files, ${formatBytes(cp.stats.total_bytes)}` +
      (cp.pinned ? '\nPinned: retention never prunes it.' : '') +
      (cp.restorable ? '\nExpand to compare it with the current files.' : '\nNot restorable: some of its content is missing from the store.');
    item.iconPath = new vscode.ThemeIcon(!cp.restorable ? 'warning' : cp.pinned ? 'pinned' : 'history');
    item.contextValue = `${cp.restorable ? 'checkpointRestorable' : 'checkpoint'}${cp.pinned ? 'Pinned' : 'Unpinned'}`;
    return item;
  }

  dispose(): void {
    this.subs.forEach((s) => {
      s.dispose();
    });
    this.emitter.dispose();
  }
}
