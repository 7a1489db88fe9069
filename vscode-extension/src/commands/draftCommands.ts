/** Draft review (read-only diffs of Published vs Draft under `sandbox_root`), publish and discard. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import {
  type ChangeSetEntry, DraftDiscard, DraftPublish, DraftPublishProgress, ReviewGetChangeSet, WorkbenchGetScope, type WorkbenchScope,
} from '../protocol';
import { isReviewOf, reviewQuery, reviewTitle } from '../logic/review';
import { guarded } from './errors';
import { workbenchIdOf } from './workbenchCommands';
import type { FileSort, WorkbenchesView, WorkbenchNode } from '../views/workbenchesView';

/** Scheme of the read-only documents the diff editor shows. */
export const READONLY_SCHEME = 'trestle-readonly';

const PUBLISH_PHASES: Record<string, string> = {
  validating: 'Validating the Draft…',
  conflict_check: 'Checking for conflicts…',
  checkpoint_pre_publish: 'Creating the publish checkpoint…',
  swap_directories: 'Publishing…',
  finalizing: 'Finishing…',
  rolling_back: 'Rolling back…',
};

/** Serves files under a Workbench folder read-only (the engine owns them; the client only reads). */
export class ReadonlyFiles implements vscode.TextDocumentContentProvider {
  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    try {
      return Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.file(uri.path))).toString('utf8');
    } catch {
      return '';
    }
  }
}

/** Open a read-only copy, sort and filter the files of the Workbenches tree. */
export function registerFileViewCommands(state: TrestleState, view: WorkbenchesView): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('trestle.files.open', async (node?: WorkbenchNode) => {
      if (node?.kind !== 'file') {
        return;
      }
      const scope = await guarded(() => state.engine().request(WorkbenchGetScope, { workbench_id: node.workbenchId }), node.workbenchId);
      if (!scope) {
        return;
      }
      // The Workbench's own copy, read-only: edits happen through the Workshop and a Draft, never in place.
      const uri = vscode.Uri.from({
        scheme: READONLY_SCHEME, path: path.join(scope.sandbox_root, 'published', node.file.path), query: `copy=${encodeURIComponent(node.workbenchId)}`,
      });
      await vscode.window.showTextDocument(uri, { preview: true });
    }),
    vscode.commands.registerCommand('trestle.files.sort', async () => {
      const items: { label: string; sort: FileSort }[] = [
        { label: 'Name', sort: 'name' }, { label: 'Size (largest first)', sort: 'size' }, { label: 'Recently added first', sort: 'added' },
      ];
      const picked = await vscode.window.showQuickPick(items.map((i) => ({ ...i, description: i.sort === view.sort ? 'current' : undefined })),
        { title: 'Sort Workbench files by' });
      if (picked) {
        view.sort = picked.sort;
        view.refresh();
      }
    }),
    vscode.commands.registerCommand('trestle.files.filter', async () => {
      const f = await vscode.window.showInputBox({ title: 'Filter Workbench files', prompt: 'Part of a file name (empty shows all files)', value: view.filter });
      if (f !== undefined) {
        view.filter = f.trim();
        void vscode.commands.executeCommand('setContext', 'trestle.filesFiltered', view.filter !== '');
        view.refresh();
      }
    }),
  ];
}

export function registerDraftCommands(state: TrestleState): vscode.Disposable[] {
  return [
    vscode.workspace.registerTextDocumentContentProvider(READONLY_SCHEME, new ReadonlyFiles()),
    vscode.commands.registerCommand('trestle.draft.reviewFile', async (workbenchId?: unknown, filePath?: unknown) => {
      if (typeof workbenchId !== 'string' || typeof filePath !== 'string') {
        return;
      }
      const engine = state.engine();
      const [changes, scope] = await Promise.all([
        guarded(() => engine.request(ReviewGetChangeSet, { workbench_id: workbenchId }), workbenchId),
        guarded(() => engine.request(WorkbenchGetScope, { workbench_id: workbenchId }), workbenchId),
      ]);
      const change = changes?.changes.find((c) => c.path === filePath);
      if (!change || !scope) {
        return;
      }
      await openChangeDiff(scope, workbenchId, change, false);
    }),
    vscode.commands.registerCommand('trestle.draft.review', async (arg?: unknown) => {
      const id = workbenchIdOf(state, arg);
      const engine = state.engine();
      const [changes, scope] = await Promise.all([
        guarded(() => engine.request(ReviewGetChangeSet, { workbench_id: id }), id),
        guarded(() => engine.request(WorkbenchGetScope, { workbench_id: id }), id),
      ]);
      if (!changes || !scope) {
        return;
      }
      if (changes.changes.length === 0) {
        void vscode.window.showInformationMessage('The Draft has no changes.');
        return;
      }
      // The first change opens at once; the Draft Review view lists every change to accept or reject.
      await openChangeDiff(scope, id, changes.changes[0], true);
      await vscode.commands.executeCommand('trestle.draftReview.focus');
      const publish = 'Publish';
      const discard = 'Discard';
      const n = changes.changes.length;
      const choice = await vscode.window.showInformationMessage(`Draft: ${n} change(s).${n > 1
        ? ' Accept or reject each file in the Draft Review view, or publish them all.' : ''}`, publish, discard);
      if (choice === publish) {
        await vscode.commands.executeCommand('trestle.draft.publish', id);
      } else if (choice === discard) {
        await vscode.commands.executeCommand('trestle.draft.discard', id);
      }
    }),
    vscode.commands.registerCommand('trestle.draft.publish', async (arg?: unknown) => {
      const id = workbenchIdOf(state, arg);
      const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Publishing Draft' }, async (progress) => {
        const sub = state.engine().on(DraftPublishProgress, (p) => {
          if (p.workbench_id === id) {
            progress.report({ message: PUBLISH_PHASES[p.phase] ?? p.phase });
          }
        });
        try {
          return await guarded(() => state.engine().request(DraftPublish, { workbench_id: id }), id);
        } finally {
          sub.dispose();
        }
      });
      if (r) {
        await closeReview(id);
        void vscode.window.showInformationMessage('Draft published. A publish checkpoint was created.');
        await state.reloadSelected();
      }
    }),
    vscode.commands.registerCommand('trestle.draft.discard', async (arg?: unknown) => {
      const id = workbenchIdOf(state, arg);
      const discard = 'Discard Draft';
      if (await vscode.window.showWarningMessage('Discard the Draft?', { modal: true, detail: 'The proposed changes are deleted. Published files stay as they are.' }, discard) !== discard) {
        return;
      }
      const ok = await guarded(() => state.engine().request(DraftDiscard, { workbench_id: id }), id);
      if (ok) {
        await closeReview(id);
        await state.reloadSelected();
      }
    }),
  ];
}

/** Opens the read-only diff of Published vs Draft for one change; both documents name the Workbench and the file. */
async function openChangeDiff(scope: WorkbenchScope, workbenchId: string, change: ChangeSetEntry, preview: boolean): Promise<void> {
  const query = reviewQuery(workbenchId, change.path);
  const left = vscode.Uri.from({ scheme: READONLY_SCHEME, path: path.join(scope.sandbox_root, 'published', change.path), query });
  const right = vscode.Uri.from({ scheme: READONLY_SCHEME, path: path.join(scope.sandbox_root, 'draft', change.path), query });
  await vscode.commands.executeCommand('vscode.diff', left, right, reviewTitle(change), { preview });
}

/** Closes the review diffs of a Workbench once its Draft is gone (they would show stale content). */
async function closeReview(workbenchId: string): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff
    && t.input.modified.scheme === READONLY_SCHEME && isReviewOf(t.input.modified.query, workbenchId));
  if (tabs.length > 0) {
    await vscode.window.tabGroups.close(tabs, true);
  }
}
