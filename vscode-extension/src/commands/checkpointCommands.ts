/**
 * Checkpoint create/restore (disabled while a Draft exists), with progress from the engine's notifications; compare a
 * checkpoint with the current files or another checkpoint (read-only diff editors fed by `CheckpointsReadFile`),
 * restore one file, pin and unpin.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import type { ChangeNode, CheckpointNode, CheckpointsView } from '../views/checkpointsView';
import {
  CHECKPOINT_SCHEME, type ChangeRow, changeDescription, changeRows, checkpointFileUri, parseCheckpointFileQuery,
  restoreConfirmation, restoreFileText,
} from '../logic/checkpoints';
import { humanTime } from '../logic/format';
import {
  type CheckpointMetadata, CheckpointRestoreProgress, CheckpointsCreate, CheckpointsDiff, CheckpointsReadFile,
  CheckpointsRestore, CheckpointsSetPinned, WorkbenchFilesList, WorkbenchGetScope,
} from '../protocol';
import { READONLY_SCHEME } from './draftCommands';
import { guarded } from './errors';
import { blockedByDraft } from './workbenchCommands';

/** Serves a file as a checkpoint holds it (UTF-8 text), read through `CheckpointsReadFile`; empty when absent. */
export class CheckpointFiles implements vscode.TextDocumentContentProvider {
  constructor(private readonly state: TrestleState) {}

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ref = parseCheckpointFileQuery(uri.query);
    const engine = this.state.engineOrUndefined;
    if (!ref || ref.absent || !engine) {
      return '';
    }
    try {
      const f = await engine.request(CheckpointsReadFile, { workbench_id: ref.workbenchId, checkpoint_id: ref.checkpointId, path: ref.path });
      return Buffer.from(f.content_base64, 'base64').toString('utf8');
    } catch (err) {
      this.state.output.appendLine(`Checkpoint file ${ref.path}: ${(err as Error).message}`);
      return '';
    }
  }
}

/** A change between checkpoint `cp` and `to` (another checkpoint) or, without `to`, the current files. */
interface Change { workbenchId: string; cp: CheckpointMetadata; row: ChangeRow; to?: CheckpointMetadata }

function checkpointSide(workbenchId: string, cp: CheckpointMetadata, file: string, absent: boolean): vscode.Uri {
  const u = checkpointFileUri({ workbenchId, checkpointId: cp.checkpoint_id, path: file, absent });
  return vscode.Uri.from({ scheme: CHECKPOINT_SCHEME, path: u.path, query: u.query });
}

/** Opens the read-only diff of one change: the checkpoint's version on the left, the newer one on the right. */
async function openChange(state: TrestleState, c: Change): Promise<void> {
  const left = checkpointSide(c.workbenchId, c.cp, c.row.path, c.row.kind === 'added');
  let right: vscode.Uri;
  if (c.to) {
    right = checkpointSide(c.workbenchId, c.to, c.row.path, c.row.kind === 'removed');
  } else {
    const scope = await guarded(() => state.engine().request(WorkbenchGetScope, { workbench_id: c.workbenchId }), c.workbenchId);
    if (!scope) {
      return;
    }
    right = vscode.Uri.from({
      scheme: READONLY_SCHEME, path: path.join(scope.sandbox_root, 'published', c.row.path), query: `copy=${encodeURIComponent(c.workbenchId)}`,
    });
  }
  const title = `${c.row.path} (checkpoint ${humanTime(c.cp.created_at)} ↔ ${c.to ? humanTime(c.to.created_at) : 'current'})`;
  await vscode.commands.executeCommand('vscode.diff', left, right, title, { preview: false });
}

async function pickCheckpoint(view: CheckpointsView, title: string, except?: string): Promise<CheckpointMetadata | undefined> {
  await view.getChildren();
  const pick = await vscode.window.showQuickPick(view.latest.filter((c) => c.checkpoint_id !== except)
    .map((c) => ({ label: humanTime(c.created_at), description: c.description, detail: c.pinned ? 'pinned' : undefined, cp: c })), { title });
  return pick?.cp;
}

function checkpointOf(arg: unknown): CheckpointMetadata | undefined {
  if (arg && typeof arg === 'object') {
    const a = arg as Partial<CheckpointNode> & Partial<CheckpointMetadata>;
    if (a.kind === 'checkpoint' && a.cp) {
      return a.cp;
    }
    if (typeof a.checkpoint_id === 'string') {
      return a as CheckpointMetadata;
    }
  }
  return undefined;
}

const RESTORE_PHASES: Record<string, string> = {
  pre_restore_checkpoint: 'Saving the current state as a pre-restore checkpoint…',
  staging: 'Staging the checkpoint\'s files…',
  swapping: 'Swapping the published files…',
  finalizing: 'Finishing…',
  rolling_back: 'Rolling back…',
};

export function registerCheckpointCommands(state: TrestleState, view: CheckpointsView): vscode.Disposable[] {
  /** Lists the changes of a comparison in a quick pick and opens the picked one's diff. */
  const compare = async (id: string, cp: CheckpointMetadata, to?: CheckpointMetadata): Promise<void> => {
    const diff = await guarded(() => state.engine().request(CheckpointsDiff, {
      workbench_id: id, from_checkpoint_id: cp.checkpoint_id, ...(to ? { to_checkpoint_id: to.checkpoint_id } : {}),
    }), id);
    if (!diff) {
      return;
    }
    const rows = changeRows(diff);
    const other = to ? humanTime(to.created_at) : 'the current files';
    if (rows.length === 0) {
      void vscode.window.showInformationMessage(`No differences between the checkpoint of ${humanTime(cp.created_at)} and ${other}.`);
      return;
    }
    if (!to) {
      await view.reveal(cp.checkpoint_id);
    }
    const pick = await vscode.window.showQuickPick(rows.map((row) => ({ label: row.path, description: changeDescription(row, to ? 'then' : 'now'), row })),
      { title: `Changes from ${humanTime(cp.created_at)} to ${other} (${rows.length})` });
    if (pick) {
      await openChange(state, { workbenchId: id, cp, row: pick.row, to });
    }
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider(CHECKPOINT_SCHEME, new CheckpointFiles(state)),
    vscode.commands.registerCommand('trestle.checkpoints.compare', async (arg?: unknown) => {
      const id = state.requireSelected();
      const cp = checkpointOf(arg) ?? await pickCheckpoint(view, 'Compare Checkpoint with Current');
      if (cp) {
        await compare(id, cp);
      }
    }),
    vscode.commands.registerCommand('trestle.checkpoints.compareTwo', async (arg?: unknown) => {
      const id = state.requireSelected();
      const cp = checkpointOf(arg) ?? await pickCheckpoint(view, 'Compare Two Checkpoints: the older one');
      const to = cp && await pickCheckpoint(view, `Compare the checkpoint of ${humanTime(cp.created_at)} with`, cp.checkpoint_id);
      if (cp && to) {
        await compare(id, cp, to);
      }
    }),
    vscode.commands.registerCommand('trestle.checkpoints.openChange', async (node?: ChangeNode) => {
      if (node?.kind === 'change') {
        await openChange(state, { workbenchId: node.workbenchId, cp: node.cp, row: node.row });
      }
    }),
    vscode.commands.registerCommand('trestle.checkpoints.restoreFile', async (node?: ChangeNode) => {
      const id = state.requireSelected();
      let cp: CheckpointMetadata | undefined;
      let file: string | undefined;
      if (node?.kind === 'change') {
        cp = node.cp;
        file = node.row.path;
      } else {
        // From the diff editor in front: its left side is the checkpoint's version.
        const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
        const ref = input instanceof vscode.TabInputTextDiff && input.original.scheme === CHECKPOINT_SCHEME ? parseCheckpointFileQuery(input.original.query) : undefined;
        if (ref && ref.workbenchId === id) {
          await view.getChildren();
          cp = view.latest.find((c) => c.checkpoint_id === ref.checkpointId);
          file = ref.path;
        }
      }
      if (!cp || !file) {
        void vscode.window.showInformationMessage('Open a checkpoint comparison first (Compare Checkpoint with Current), then restore one of its files.');
        return;
      }
      if (await blockedByDraft(state, id, 'Restoring a file')) {
        return;
      }
      const target = cp;
      const diff = await guarded(() => state.engine().request(CheckpointsDiff, { workbench_id: id, from_checkpoint_id: target.checkpoint_id }), id);
      const row = diff && changeRows(diff).find((r) => r.path === file);
      if (!diff) {
        return;
      }
      if (!row) {
        void vscode.window.showInformationMessage(`${file} is already as the checkpoint has it.`);
        return;
      }
      const text = restoreFileText(row, target);
      const restore = 'Restore File';
      if (await vscode.window.showWarningMessage(text.message, { modal: true, detail: text.detail }, restore) !== restore) {
        return;
      }
      const r = await guarded(() => state.engine().request(CheckpointsRestore, { workbench_id: id, checkpoint_id: target.checkpoint_id, paths: [row.path] }), id);
      if (r) {
        void vscode.window.showInformationMessage(`Restored ${row.path} from the checkpoint. The previous state was saved as a pre-restore checkpoint.`);
        await state.reloadSelected();
        view.refresh();
      }
    }),
    vscode.commands.registerCommand('trestle.checkpoints.pin', (arg?: unknown) => setPinned(state, view, arg, true)),
    vscode.commands.registerCommand('trestle.checkpoints.unpin', (arg?: unknown) => setPinned(state, view, arg, false)),
    vscode.commands.registerCommand('trestle.checkpoints.refresh', () => view.refresh()),
    vscode.commands.registerCommand('trestle.checkpoints.create', async (description?: unknown) => {
      const id = state.requireSelected();
      if (await blockedByDraft(state, id, 'Creating a checkpoint')) {
        return;
      }
      const d = typeof description === 'string' ? description : await vscode.window.showInputBox({
        title: 'Create Checkpoint', prompt: 'Optional description (one line, up to 200 characters)',
        validateInput: (v) => (v.length > 200 || /[\r\n]/.test(v) ? 'One line, at most 200 characters.' : undefined),
      });
      if (d === undefined) {
        return;
      }
      const r = await guarded(() => state.engine().request(CheckpointsCreate, { workbench_id: id, ...(d.trim() ? { description: d.trim() } : {}) }), id);
      if (r) {
        void vscode.window.showInformationMessage('Checkpoint created.');
        view.refresh();
      }
    }),
    vscode.commands.registerCommand('trestle.checkpoints.restore', async (arg?: unknown) => {
      const id = state.requireSelected();
      if (await blockedByDraft(state, id, 'Restoring a checkpoint')) {
        return;
      }
      let cp = checkpointOf(arg);
      if (!cp) {
        await view.getChildren();
        const pick = await vscode.window.showQuickPick(view.latest.filter((c) => c.restorable).map((c) => ({ label: humanTime(c.created_at), description: c.description, cp: c })), { title: 'Restore Checkpoint' });
        cp = pick?.cp;
      }
      if (!cp) {
        return;
      }
      if (!cp.restorable) {
        void vscode.window.showWarningMessage('This checkpoint cannot be restored: some of its content is missing from the store.');
        return;
      }
      const files = await guarded(() => state.engine().request(WorkbenchFilesList, { workbench_id: id }), id);
      const text = restoreConfirmation(cp, { files: files?.files.length ?? 0, bytes: files?.files.reduce((a, f) => a + f.size, 0) ?? 0 });
      const restore = 'Restore';
      if (await vscode.window.showWarningMessage(text.message, { modal: true, detail: text.detail }, restore) !== restore) {
        return;
      }
      const target = cp;
      const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Restoring checkpoint' }, async (progress) => {
        let last = 0;
        const sub = state.engine().on(CheckpointRestoreProgress, (p) => {
          if (p.workbench_id !== id) {
            return;
          }
          const pct = p.percent ?? last;
          progress.report({ message: RESTORE_PHASES[p.phase] ?? p.phase, increment: Math.max(0, pct - last) });
          last = Math.max(last, pct);
        });
        try {
          return await guarded(() => state.engine().request(CheckpointsRestore, { workbench_id: id, checkpoint_id: target.checkpoint_id }), id);
        } finally {
          sub.dispose();
        }
      });
      if (r) {
        void vscode.window.showInformationMessage('Checkpoint restored. The previous state was saved as a pre-restore checkpoint.');
        await state.reloadSelected();
        view.refresh();
      }
    }),
  ];
}

async function setPinned(state: TrestleState, view: CheckpointsView, arg: unknown, pinned: boolean): Promise<void> {
  const id = state.requireSelected();
  const cp = checkpointOf(arg) ?? await pickCheckpoint(view, pinned ? 'Pin Checkpoint' : 'Unpin Checkpoint');
  if (!cp) {
    return;
  }
  const r = await guarded(() => state.engine().request(CheckpointsSetPinned, { workbench_id: id, checkpoint_id: cp.checkpoint_id, pinned }), id);
  if (r) {
    void vscode.window.showInformationMessage(pinned ? 'Checkpoint pinned: retention will not prune it.' : 'Checkpoint unpinned.');
    view.refresh();
  }
}
