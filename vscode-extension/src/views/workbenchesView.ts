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

/** What the tree shows, read from the engine in one go. */
interface Snapshot {
  workbenches: Workbench[];
  /** Files per Workbench, for the selected one and every one whose children were asked for. */
  files: Map<string, FileEntry[]>;
}

/**
 * Tree data for the `trestle.workbenches` view; refreshed from notifications, never by polling.
 *
 * A refresh reads everything the tree shows first and redraws only when it differs from what is shown: redrawing
 * replaces the items' commands, and a click on a row drawn just before would hit a command that is gone ("Actual
 * command not found"). Several notifications about one change (files changed, the command's own refresh, the
 * selection reload) thus redraw once. Children are then served from that reading, without a round trip.
 */
export class WorkbenchesView implements vscode.TreeDataProvider<WorkbenchNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<WorkbenchNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];
  private snapshot: Snapshot | undefined;
  private signature = '';
  /** Counts refreshes: only the latest reading is kept (an older, slower one must not win). */
  private generation = 0;
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

  /** Re-reads the tree's data; redraws when it changed. */
  refresh(): void {
    const generation = ++this.generation;
    void this.read(this.snapshot ? [...this.snapshot.files.keys()] : []).then((snap) => {
      if (generation === this.generation) {
        this.show(snap);
      }
    });
  }

  /** Keeps a reading; fires a redraw only when it differs from the one shown (and `redraw` allows). */
  private show(snap: Snapshot, redraw = true): void {
    const signature = JSON.stringify([
      this.state.selected ?? null, this.sort, this.filter,
      // what the rows show (not e.g. `updated_at`, which changes without changing a row)
      snap.workbenches.map((w) => [w.id, w.name, w.has_draft, w.default_model_id]),
      [...snap.files.entries()].sort(([a], [b]) => a.localeCompare(b))
        .map(([id, files]) => [id, files.map((f) => [f.path, f.size, f.file_kind, f.is_opaque, f.added_at])]),
      snap.workbenches.map((w) => this.draft?.changesOf(w.id) ?? []),
    ]);
    this.snapshot = snap;
    if (this.view) {
      this.view.description = this.filter ? `filter: ${this.filter}` : undefined;
    }
    if (signature !== this.signature) {
      this.signature = signature;
      if (redraw) {
        this.emitter.fire(undefined);
      }
    }
  }

  /** The Workbenches and the files of `known` Workbenches (and the selected one), or nothing while no engine runs. */
  private async read(known: string[]): Promise<Snapshot> {
    const engine = this.state.engineOrUndefined;
    const files = new Map<string, FileEntry[]>();
    if (!engine) {
      return { workbenches: [], files };
    }
    try {
      const list = (await engine.request(WorkbenchList, {})).workbenches;
      const ids = new Set([...known, ...(this.state.selected ? [this.state.selected] : [])]);
      await Promise.all(list.filter((w) => ids.has(w.id)).map(async (w) => {
        const f = await engine.request(WorkbenchFilesList, { workbench_id: w.id }).catch(() => undefined);
        if (f) {
          files.set(w.id, f.files);
        }
      }));
      return { workbenches: list, files };
    } catch (err) {
      this.state.output.appendLine(`Workbenches view: ${(err as Error).message}`);
      return { workbenches: this.snapshot?.workbenches ?? [], files: this.snapshot?.files ?? files };
    }
  }

  async getChildren(node?: WorkbenchNode): Promise<WorkbenchNode[]> {
    if (!this.snapshot) {
      const generation = ++this.generation;
      const snap = await this.read([]);
      if (generation === this.generation) {
        this.show(snap, false); // being drawn now
      }
    }
    const snap = this.snapshot;
    if (!snap || !this.state.engineOrUndefined) {
      return [];
    }
    if (!node) {
      return snap.workbenches.map((w) => ({ kind: 'workbench', workbench: w }));
    }
    if (node.kind !== 'workbench') {
      return [];
    }
    const id = node.workbench.id;
    let files = snap.files.get(id);
    if (!files) {
      // A Workbench expanded for the first time: read its files once; later refreshes keep them current.
      try {
        files = (await this.state.engine().request(WorkbenchFilesList, { workbench_id: id })).files;
        snap.files.set(id, files);
      } catch (err) {
        this.state.output.appendLine(`Workbenches view: ${(err as Error).message}`);
        return [];
      }
    }
    const published: WorkbenchNode[] = arrangeFiles(files, this.sort, this.filter)
      .map((f) => ({ kind: 'file', workbenchId: id, hasDraft: node.workbench.has_draft, file: f }));
    const added: WorkbenchNode[] = (this.draft?.changesOf(id) ?? [])
      .filter((c) => c.change_type === 'added' && (!this.filter || c.path.toLowerCase().includes(this.filter.toLowerCase())))
      .map((c) => ({ kind: 'draftFile', workbenchId: id, path: c.path }));
    return [...published, ...added];
  }

  getTreeItem(node: WorkbenchNode): vscode.TreeItem {
    if (node.kind === 'workbench') {
      const w = node.workbench;
      const selected = this.state.selected === w.id;
      const count = this.snapshot?.files.get(w.id)?.length;
      const expand = selected && count !== undefined && count <= AUTO_EXPAND_MAX_FILES;
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
