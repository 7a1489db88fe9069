/** Checkpoint create/restore (disabled while a Draft exists), with progress from the engine's notifications. */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import type { CheckpointsView } from '../views/checkpointsView';
import { restoreConfirmation } from '../logic/checkpoints';
import { humanTime } from '../logic/format';
import { type CheckpointMetadata, CheckpointRestoreProgress, CheckpointsCreate, CheckpointsRestore, WorkbenchFilesList } from '../protocol';
import { guarded } from './errors';
import { blockedByDraft } from './workbenchCommands';

const RESTORE_PHASES: Record<string, string> = {
  pre_restore_checkpoint: 'Saving the current state as a pre-restore checkpoint…',
  staging: 'Staging the checkpoint\'s files…',
  swapping: 'Swapping the published files…',
  finalizing: 'Finishing…',
  rolling_back: 'Rolling back…',
};

export function registerCheckpointCommands(state: TrestleState, view: CheckpointsView): vscode.Disposable[] {
  return [
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
    vscode.commands.registerCommand('trestle.checkpoints.restore', async (arg?: CheckpointMetadata) => {
      const id = state.requireSelected();
      if (await blockedByDraft(state, id, 'Restoring a checkpoint')) {
        return;
      }
      let cp = arg;
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
