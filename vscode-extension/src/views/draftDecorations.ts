/**
 * The Draft's changed files, as decorations in the Workbenches tree and the Draft Review view (M / A / D badges in the
 * SCM colours) and as "Draft changes" nodes for files the Draft adds, kept in sync with `DraftStateChanged`, the
 * selection and engine restarts. The one reader of the selected Workbench's change set: the views share it.
 */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { type ChangeSetEntry, DraftStateChanged, ReviewGetChangeSet } from '../protocol';
import { changesSignature } from '../logic/review';

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
  /**
   * Fires after a re-read found a different change list (the trees add the Draft's new files, the review lists them).
   * Not for an unchanged one: redrawing a tree replaces its items' commands, and a click on a row drawn before
   * the redraw would then hit a command that is gone.
   */
  readonly onDidChangeChanges = this.changed.event;
  private readonly subs: vscode.Disposable[] = [];
  private workbenchId: string | undefined;
  private changes = new Map<string, ChangeSetEntry>();
  private draftId: string | undefined;
  private signature = '';
  /** Counts reloads: only the latest one's answer is kept (an older, slower read must not win). */
  private generation = 0;

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

  /** The selected Workbench's Draft id, when it has a Draft whose changes were read. */
  draftIdOf(workbenchId: string): string | undefined {
    return workbenchId === this.workbenchId ? this.draftId : undefined;
  }

  /** The Workbench whose changes are held (the selected one at the last read). */
  get workbench(): string | undefined {
    return this.workbenchId;
  }

  async reload(): Promise<void> {
    const generation = ++this.generation;
    const wb = this.state.workbench;
    const next = new Map<string, ChangeSetEntry>();
    let draftId: string | undefined;
    if (wb?.has_draft && this.state.engineOrUndefined) {
      try {
        const r = await this.state.engine().request(ReviewGetChangeSet, { workbench_id: wb.id });
        draftId = r.draft_id;
        for (const c of r.changes) {
          next.set(c.path, c);
        }
      } catch (err) {
        this.state.output.appendLine(`Draft changes: ${(err as Error).message}`);
      }
    }
    if (generation !== this.generation) {
      return; // a later reload is under way and has the newer answer
    }
    this.set(wb?.id, draftId, [...next.values()]);
  }

  /** Keeps a change list; tells the views only when it differs from the last one. */
  private set(workbenchId: string | undefined, draftId: string | undefined, changes: ChangeSetEntry[]): void {
    const signature = `${workbenchId ?? ''}|${changesSignature(draftId, changes)}`;
    this.workbenchId = workbenchId;
    this.draftId = draftId;
    this.changes = new Map(changes.map((c) => [c.path, c]));
    if (signature === this.signature) {
      return;
    }
    this.signature = signature;
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
