/** The Workbenches tree: workbenches (Draft badge, active model) and their Published files (kind, size). */
import * as vscode from 'vscode';
import type { NotificationType } from 'vscode-jsonrpc';
import type { TrestleState } from '../state';
import { formatBytes } from '../logic/format';
import { AUTO_EXPAND_MAX_FILES, arrangeFiles, type FileSort } from '../logic/files';
import { type DraftDecorations, workbenchFileUri } from './draftDecorations';

export type { FileSort };
import {
  DraftStateChanged, type FileEntry, type Workbench, WorkbenchFilesChanged, WorkbenchFilesList, WorkbenchList,
  CheckpointRestored, WorkshopModelChanged,
} from '../protocol';

/** A node of the tree. */
export type WorkbenchNode =
  | { kind: 'workbench'; workbench: Workbench }
  | { kind: 'file'; workbenchId: string; hasDraft: boolean; file: FileEntry }
  /** A file the Draft adds (not published yet). */
  | { kind: 'draftFile'; workbenchId: string; path: string };

/** Tree data for the `trestle.workbenches` view; refreshed from notifications, never by polling. */
export class WorkbenchesView implements vscode.TreeDataProvider<WorkbenchNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<WorkbenchNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];
  /** File count of the selected Workbench, read with the root so a large one is not auto-expanded. */
  private selectedFiles: number | undefined;
  sort: FileSort = 'name';
  filter = '';
  view: vscode.TreeView<WorkbenchNode> | undefined;

  constructor(private readonly state: TrestleState, private readonly draft?: DraftDecorations) {
    if (draft) {
      this.subs.push(draft.onDidChangeChanges(() => this.refresh()));
    }
    const types: NotificationType<{ workbench_id: string }>[] = [WorkbenchFilesChanged, DraftStateChanged, CheckpointRestored, WorkshopModelChanged];
    for (const t of types) {
      this.subs.push(state.engine().on(t, () => this.refresh()));
    }
    this.subs.push(state.onDidChangeEngine(() => this.refresh()));
    this.subs.push(state.onDidChangeSelection(() => this.refresh()));
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  async getChildren(node?: WorkbenchNode): Promise<WorkbenchNode[]> {
    const engine = this.state.engineOrUndefined;
    if (!engine) {
      return [];
    }
    try {
      if (!node) {
        const selected = this.state.selected;
        const [list, files] = await Promise.all([
          engine.request(WorkbenchList, {}),
          selected ? engine.request(WorkbenchFilesList, { workbench_id: selected }).catch(() => undefined) : Promise.resolve(undefined),
        ]);
        this.selectedFiles = files?.files.length;
        if (this.view) {
          this.view.description = this.filter ? `filter: ${this.filter}` : undefined;
        }
        return list.workbenches.map((w) => ({ kind: 'workbench', workbench: w }));
      }
      if (node.kind === 'workbench') {
        const files = await engine.request(WorkbenchFilesList, { workbench_id: node.workbench.id });
        const published: WorkbenchNode[] = arrangeFiles(files.files, this.sort, this.filter)
          .map((f) => ({ kind: 'file', workbenchId: node.workbench.id, hasDraft: node.workbench.has_draft, file: f }));
        const added: WorkbenchNode[] = (this.draft?.changesOf(node.workbench.id) ?? [])
          .filter((c) => c.change_type === 'added' && (!this.filter || c.path.toLowerCase().includes(this.filter.toLowerCase())))
          .map((c) => ({ kind: 'draftFile', workbenchId: node.workbench.id, path: c.path }));
        return [...published, ...added];
      }
    } catch (err) {
      this.state.output.appendLine(`Workbenches view: ${(err as Error).message}`);
    }
    return [];
  }

  getTreeItem(node: WorkbenchNode): vscode.TreeItem {
    if (node.kind === 'workbench') {
      const w = node.workbench;
      const selected = this.state.selected === w.id;
      const expand = selected && this.selectedFiles !== undefined && this.selectedFiles <= AUTO_EXPAND_MAX_FILES;
      const item = new vscode.TreeItem(w.name, expand ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `wb:${w.id}`;
      item.description = [w.has_draft ? 'Draft' : undefined, selected ? 'selected' : undefined].filter(Boolean).join(' · ');
      item.tooltip = new vscode.MarkdownString(
        `**${escapeMd(w.name)}**${w.has_draft ? '\n\nHas a **Draft**: review it, then publish or discard. Adding or removing files and checkpoints are disabled until then.' : ''}\n\nDefault model: \`${w.default_model_id}\``);
      item.iconPath = new vscode.ThemeIcon(w.has_draft ? 'git-pull-request-draft' : selected ? 'pass-filled' : 'package');
      item.contextValue = w.has_draft ? 'workbenchWithDraft' : 'workbench';
      item.command = { command: 'trestle.workbench.select', title: 'Select Workbench', arguments: [w.id] };
      return item;
    }
    if (node.kind === 'draftFile') {
      const item = new vscode.TreeItem(node.path, vscode.TreeItemCollapsibleState.None);
      item.id = `draft:${node.workbenchId}:${node.path}`;
      item.resourceUri = workbenchFileUri(node.workbenchId, node.path);
      item.description = 'new in the Draft';
      item.tooltip = `${node.path}\nAdded by the Draft: publish to keep it, discard to drop it. Click to see it.`;
      item.iconPath = new vscode.ThemeIcon('diff-added');
      item.contextValue = 'draftFile';
      item.command = { command: 'trestle.draft.reviewFile', title: 'Review Change', arguments: [node.workbenchId, node.path] };
      return item;
    }
    const f = node.file;
    const item = new vscode.TreeItem(f.path, vscode.TreeItemCollapsibleState.None);
    item.resourceUri = workbenchFileUri(node.workbenchId, f.path);
    item.id = `file:${node.workbenchId}:${f.path}`;
    item.description = `${f.file_kind} · ${formatBytes(f.size)}`;
    item.tooltip = `${f.path}\n${f.file_kind}${f.is_opaque ? ' (opaque, not sent to models)' : ''}, ${formatBytes(f.size)}\n` +
      (node.hasDraft ? 'Removing files is disabled while a Draft exists.' : 'A copy; your original file is never changed.');
    item.iconPath = new vscode.ThemeIcon(f.file_kind === 'text' ? 'file-text' : 'file-binary');
    item.contextValue = node.hasDraft ? 'fileLocked' : 'file';
    const change = this.draft?.changeOf(node.workbenchId, f.path);
    item.command = change
      ? { command: 'trestle.draft.reviewFile', title: 'Review Change', arguments: [node.workbenchId, f.path] }
      : { command: 'trestle.files.open', title: 'Open Read-Only Copy', arguments: [node] };
    return item;
  }

  dispose(): void {
    this.subs.forEach((s) => {
      s.dispose();
    });
    this.emitter.dispose();
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
