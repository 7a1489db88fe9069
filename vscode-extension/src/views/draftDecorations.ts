/**
 * The Draft's changed files, as decorations in the Workbenches tree (M / A / D badges in the SCM colours) and as
 * "Draft changes" nodes for files the Draft adds, kept in sync with `DraftStateChanged`.
 */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { type ChangeSetEntry, DraftStateChanged, ReviewGetChangeSet } from '../protocol';

/** URI scheme of Workbench file items in the tree (decorations attach to resource URIs). */
export const WORKBENCH_FILE_SCHEME = 'trestle-wb';

/** The resource URI of a file of a Workbench, as the tree and the decorations use it. */
export function workbenchFileUri(workbenchId: string, filePath: string): vscode.Uri {
  return vscode.Uri.from({ scheme: WORKBENCH_FILE_SCHEME, path: `/${workbenchId}/${filePath}` });
}

const BADGES: Record<ChangeSetEntry['change_type'], { badge: string; tooltip: string; color: string }> = {
  modified: { badge: 'M', tooltip: 'Changed in the Draft', color: 'gitDecoration.modifiedResourceForeground' },
  added: { badge: 'A', tooltip: 'Added by the Draft', color: 'gitDecoration.addedResourceForeground' },
  deleted: { badge: 'D', tooltip: 'Deleted by the Draft', color: 'gitDecoration.deletedResourceForeground' },
};

/** Changes of the selected Workbench's Draft, read from the engine when the Draft or the selection changes. */
export class DraftDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri | vscode.Uri[] | undefined>();
  readonly onDidChangeFileDecorations = this.emitter.event;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after the change list was re-read (the tree adds the Draft's new files). */
  readonly onDidChangeChanges = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  private workbenchId: string | undefined;
  private changes = new Map<string, ChangeSetEntry>();

  constructor(private readonly state: TrestleState) {
    this.subs.push(state.engine().on(DraftStateChanged, (d) => {
      if (d.workbench_id === state.selected) {
        void this.reload();
      }
    }));
    this.subs.push(state.onDidChangeSelection(() => void this.reload()));
    this.subs.push(state.onDidChangeEngine(() => void this.reload()));
  }

  /** The Draft's changes of `workbenchId` (empty unless it is the selected one with a Draft). */
  changesOf(workbenchId: string): ChangeSetEntry[] {
    return workbenchId === this.workbenchId ? [...this.changes.values()] : [];
  }

  /** The change of one file of the selected Workbench's Draft, if any. */
  changeOf(workbenchId: string, filePath: string): ChangeSetEntry | undefined {
    return workbenchId === this.workbenchId ? this.changes.get(filePath) : undefined;
  }

  async reload(): Promise<void> {
    const wb = this.state.workbench;
    const next = new Map<string, ChangeSetEntry>();
    if (wb?.has_draft && this.state.engineOrUndefined) {
      try {
        for (const c of (await this.state.engine().request(ReviewGetChangeSet, { workbench_id: wb.id })).changes) {
          next.set(c.path, c);
        }
      } catch (err) {
        this.state.output.appendLine(`Draft changes: ${(err as Error).message}`);
      }
    }
    this.workbenchId = wb?.id;
    this.changes = next;
    this.emitter.fire(undefined);
    this.changed.fire();
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== WORKBENCH_FILE_SCHEME || !this.workbenchId) {
      return undefined;
    }
    const prefix = `/${this.workbenchId}/`;
    if (!uri.path.startsWith(prefix)) {
      return undefined;
    }
    const c = this.changes.get(uri.path.slice(prefix.length));
    if (!c) {
      return undefined;
    }
    const b = BADGES[c.change_type];
    return new vscode.FileDecoration(b.badge, b.tooltip, new vscode.ThemeColor(b.color));
  }

  dispose(): void {
    this.subs.forEach((s) => {
      s.dispose();
    });
    this.emitter.dispose();
    this.changed.dispose();
  }
}
