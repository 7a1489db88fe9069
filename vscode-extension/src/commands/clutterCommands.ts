/** Clutter commands: remove one of the largest files the clutter breakdown names (status bar meter, error action). */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { guarded } from './errors';
import { blockedByDraft } from './workbenchCommands';
import { formatCount } from '../logic/format';
import { removableFiles } from '../logic/clutter';
import { WorkbenchFilesRemove, WorkbenchGetClutter } from '../protocol';

export function registerClutterCommands(state: TrestleState, refresh: () => void): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('trestle.clutter.removeItem', async (arg?: unknown) => {
      const wb = typeof arg === 'string' ? arg : state.requireSelected();
      const clutter = await guarded(() => state.engine().request(WorkbenchGetClutter, { workbench_id: wb }), wb);
      if (!clutter) {
        return;
      }
      const files = removableFiles(clutter);
      if (files.length === 0) {
        void vscode.window.showInformationMessage('This Workbench has no files to remove.');
        return;
      }
      const picked = await vscode.window.showQuickPick(files.map((f) => ({
        label: f.path ?? '',
        description: `${formatCount(f.tokens)} tokens (${clutter.source})`,
        detail: `${Math.round((f.tokens * 1000) / Math.max(1, clutter.usage_tokens_estimate)) / 10}% of the next request`,
      })), { title: 'Remove a file from the Workbench', placeHolder: 'Largest first' });
      if (!picked) {
        return;
      }
      if (await blockedByDraft(state, wb, 'Removing files')) {
        return;
      }
      const remove = 'Remove';
      const choice = await vscode.window.showWarningMessage(`Remove "${picked.label}" from the Workbench?`, {
        modal: true, detail: 'A checkpoint is taken first, so you can restore it. Your original file is not touched.',
      }, remove);
      if (choice !== remove) {
        return;
      }
      const r = await guarded(() => state.engine().request(WorkbenchFilesRemove, { workbench_id: wb, workbench_paths: [picked.label] }), wb);
      const bad = r?.remove_results.filter((x) => x.status !== 'removed') ?? [];
      if (bad.length > 0) {
        void vscode.window.showWarningMessage(`Not removed: ${bad.map((b) => `${b.path} (${b.reason ?? b.status})`).join(', ')}`);
      }
      refresh();
    }),
  ];
}
