/** Workbench and file commands: create, delete, select, add (picker and Explorer), remove. */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import type { WorkbenchNode } from '../views/workbenchesView';
import { guarded } from './errors';
import {
  type AddResult, WorkbenchCreate, WorkbenchDelete, WorkbenchFilesAdd, WorkbenchFilesRemove, WorkbenchList,
} from '../protocol';

const DRAFT_BLOCKS_FILES = 'This Workbench has a Draft, so its files cannot change until you publish or discard the Draft.';

/** Resolves a command argument (tree node, id, or nothing = selected) to a Workbench id. */
export function workbenchIdOf(state: TrestleState, arg: unknown): string {
  if (typeof arg === 'string') {
    return arg;
  }
  const node = arg as WorkbenchNode | undefined;
  if (node?.kind === 'workbench') {
    return node.workbench.id;
  }
  if (node?.kind === 'file') {
    return node.workbenchId;
  }
  return state.requireSelected();
}

/** Explains that a Draft blocks the action and offers review/discard; returns true when blocked. */
export async function blockedByDraft(state: TrestleState, workbenchId: string, what: string): Promise<boolean> {
  if (state.selected !== workbenchId) {
    await state.select(workbenchId);
  }
  if (!state.workbench?.has_draft) {
    return false;
  }
  const review = 'Review Draft';
  const choice = await vscode.window.showWarningMessage(`${what} is disabled. ${DRAFT_BLOCKS_FILES}`, review);
  if (choice === review) {
    await vscode.commands.executeCommand('trestle.draft.review', workbenchId);
  }
  return true;
}

export function registerWorkbenchCommands(state: TrestleState, refresh: () => void): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('trestle.workbench.create', async (name?: unknown) => {
      const input = typeof name === 'string' ? name : await vscode.window.showInputBox({
        title: 'Create Workbench',
        prompt: 'Name of the new Workbench (copies of the files you add; your originals are never changed)',
        value: 'Untitled Workbench',
        validateInput: (v) => (v.trim().length < 1 || v.trim().length > 120 ? 'Use 1 to 120 characters.' : undefined),
      });
      if (input === undefined) {
        return undefined;
      }
      const r = await guarded(() => state.engine().request(WorkbenchCreate, { name: input.trim() }));
      if (r) {
        await state.select(r.workbench_id);
        refresh();
        void vscode.window.showInformationMessage(`Workbench "${input.trim()}" created.`);
      }
      return r?.workbench_id;
    }),
    vscode.commands.registerCommand('trestle.workbench.select', async (arg?: unknown) => {
      let id: string | undefined = typeof arg === 'string' ? arg : undefined;
      if (!id) {
        const list = await guarded(() => state.engine().request(WorkbenchList, {}));
        const pick = await vscode.window.showQuickPick((list?.workbenches ?? []).map((w) => ({ label: w.name, description: w.has_draft ? 'Draft' : '', id: w.id })), { title: 'Select Workbench' });
        id = pick?.id;
      }
      if (id) {
        await state.select(id);
      }
    }),
    vscode.commands.registerCommand('trestle.workbench.refresh', async () => {
      await state.reloadSelected();
      refresh();
    }),
    vscode.commands.registerCommand('trestle.workbench.delete', async (arg?: unknown) => {
      const id = workbenchIdOf(state, arg);
      const name = (arg as WorkbenchNode | undefined)?.kind === 'workbench' ? (arg as { workbench: { name: string } }).workbench.name : state.workbench?.name ?? id;
      const del = 'Delete';
      const choice = await vscode.window.showWarningMessage(`Delete the Workbench "${name}"?`, {
        modal: true,
        detail: 'Its file copies, checkpoints, conversation and consent are deleted. Your original files are not touched.',
      }, del);
      if (choice !== del) {
        return;
      }
      const ok = await guarded(() => state.engine().request(WorkbenchDelete, { workbench_id: id }), id);
      if (ok) {
        if (state.selected === id) {
          await state.select(undefined);
        }
        refresh();
      }
    }),
    vscode.commands.registerCommand('trestle.files.add', async (arg?: unknown, uris?: vscode.Uri[]) => {
      const id = arg instanceof vscode.Uri ? state.requireSelected() : workbenchIdOf(state, arg);
      if (await blockedByDraft(state, id, 'Adding files')) {
        return;
      }
      const picked = uris ?? (arg instanceof vscode.Uri ? [arg] : await vscode.window.showOpenDialog({
        canSelectMany: true, canSelectFiles: true, canSelectFolders: false, openLabel: 'Add to Workbench', title: 'Add copies of files to the Workbench',
      }));
      if (!picked || picked.length === 0) {
        return;
      }
      await addFiles(state, id, picked.filter((u) => u.scheme === 'file').map((u) => u.fsPath));
      refresh();
    }),
    vscode.commands.registerCommand('trestle.files.addFromExplorer', async (uri?: vscode.Uri, uris?: vscode.Uri[]) => {
      const all = uris && uris.length > 0 ? uris : uri ? [uri] : [];
      let id = state.selected;
      if (!id) {
        const created = await vscode.commands.executeCommand<string | undefined>('trestle.workbench.create');
        id = created;
      }
      if (!id || await blockedByDraft(state, id, 'Adding files')) {
        return;
      }
      await addFiles(state, id, all.filter((u) => u.scheme === 'file').map((u) => u.fsPath));
      refresh();
    }),
    vscode.commands.registerCommand('trestle.files.remove', async (node?: WorkbenchNode) => {
      if (node?.kind !== 'file') {
        return;
      }
      if (await blockedByDraft(state, node.workbenchId, 'Removing files')) {
        return;
      }
      const remove = 'Remove';
      const choice = await vscode.window.showWarningMessage(`Remove "${node.file.path}" from the Workbench?`, {
        modal: true, detail: 'A checkpoint is taken first, so you can restore it. Your original file is not touched.',
      }, remove);
      if (choice !== remove) {
        return;
      }
      const r = await guarded(() => state.engine().request(WorkbenchFilesRemove, { workbench_id: node.workbenchId, workbench_paths: [node.file.path] }), node.workbenchId);
      const bad = r?.remove_results.filter((x) => x.status !== 'removed') ?? [];
      if (bad.length > 0) {
        void vscode.window.showWarningMessage(`Not removed: ${bad.map((b) => `${b.path} (${b.reason ?? b.status})`).join(', ')}`);
      }
      refresh();
    }),
  ];
}

const REASONS: Record<NonNullable<AddResult['reason']>, string> = {
  invalid_path: 'not an allowed file name or location',
  unreadable: 'missing or unreadable',
  symlink: 'links are not followed',
  directory: 'folders are not added',
  size_limit: 'larger than the per-file limit',
  duplicate: 'a file with that name is already in the Workbench',
  copy_failed: 'the copy failed',
};

async function addFiles(state: TrestleState, workbenchId: string, paths: string[]): Promise<void> {
  if (paths.length === 0) {
    return;
  }
  const r = await guarded(() => state.engine().request(WorkbenchFilesAdd, { workbench_id: workbenchId, source_paths: paths }), workbenchId);
  if (!r) {
    return;
  }
  const added = r.add_results.filter((x) => x.status === 'added');
  const other = r.add_results.filter((x) => x.status !== 'added');
  if (other.length === 0) {
    void vscode.window.showInformationMessage(`Added ${added.length} file${added.length === 1 ? '' : 's'} to the Workbench.`);
  } else {
    void vscode.window.showWarningMessage(
      `Added ${added.length}, not added ${other.length}: ${other.map((o) => `${o.file_name || o.source_path} (${o.reason ? REASONS[o.reason] ?? o.reason : o.status})`).join('; ')}`);
  }
}
