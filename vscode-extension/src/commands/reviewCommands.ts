/**
 * Per-file review of a Draft: Accept (keep the change, decision 29) and Reject (`DraftRevertFile`), from the Draft
 * Review view's rows and from the title of a review diff editor; Publish is offered once every change is accepted.
 */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { DraftRevertFile } from '../protocol';
import { reviewFileOf } from '../logic/review';
import { guarded } from './errors';
import { READONLY_SCHEME } from './draftCommands';
import type { DraftDecorations } from '../views/draftDecorations';
import type { DraftReviewView, ReviewNode } from '../views/draftReviewView';

/** Context key: the active editor is the diff of one Draft change (its title shows Accept and Reject). */
const REVIEW_DIFF_ACTIVE = 'trestle.reviewDiffActive';

/** The change a command is about: a view row, a review document's URI (editor title) or the active review diff. */
export function reviewTarget(arg: unknown): ReviewNode | undefined {
  if (arg instanceof vscode.Uri) {
    return arg.scheme === READONLY_SCHEME ? reviewFileOf(arg.query) : undefined;
  }
  const node = arg as Partial<ReviewNode> | undefined;
  if (typeof node?.workbenchId === 'string' && typeof node.path === 'string') {
    return { workbenchId: node.workbenchId, path: node.path };
  }
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputTextDiff && input.modified.scheme === READONLY_SCHEME ? reviewFileOf(input.modified.query) : undefined;
}

const REJECT_DETAIL: Record<string, string> = {
  modified: 'The Published version goes back into the Draft; the proposed change is dropped.',
  added: 'The new file leaves the Draft.',
  deleted: 'The file stays as it is published.',
};

export function registerReviewCommands(state: TrestleState, draft: DraftDecorations, view: DraftReviewView): vscode.Disposable[] {
  const trackActiveDiff = (): void => {
    const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
    const active = input instanceof vscode.TabInputTextDiff && input.modified.scheme === READONLY_SCHEME
      && reviewFileOf(input.modified.query) !== undefined;
    void vscode.commands.executeCommand('setContext', REVIEW_DIFF_ACTIVE, active);
  };
  trackActiveDiff();
  return [
    vscode.window.tabGroups.onDidChangeTabs(trackActiveDiff),
    vscode.window.tabGroups.onDidChangeTabGroups(trackActiveDiff),
    view.onDidAcceptAll((wb) => void offerPublish(wb, 'Every change is accepted.')),
    vscode.commands.registerCommand('trestle.draft.acceptFile', (arg?: unknown) => {
      const t = reviewTarget(arg);
      if (!t) {
        return;
      }
      if (!view.accept(t.workbenchId, t.path)) {
        void vscode.window.showInformationMessage(`${t.path} is not a change of the selected Workbench's Draft.`);
      }
    }),
    vscode.commands.registerCommand('trestle.draft.rejectFile', async (arg?: unknown) => {
      const t = reviewTarget(arg);
      if (!t) {
        return;
      }
      const change = draft.changeOf(t.workbenchId, t.path);
      const reject = 'Reject Change';
      const choice = await vscode.window.showWarningMessage(`Reject the Draft's change to ${t.path}?`,
        { modal: true, detail: `${REJECT_DETAIL[change?.change_type ?? 'modified']} Other files of the Draft stay as they are.` }, reject);
      if (choice !== reject) {
        return;
      }
      const r = await guarded(() => state.engine().request(DraftRevertFile, { workbench_id: t.workbenchId, path: t.path }), t.workbenchId);
      if (!r) {
        return;
      }
      await closeDiffsOf(t.workbenchId, t.path);
      // DraftStateChanged re-reads the changes too; an unchanged re-read redraws nothing.
      await draft.reload();
      if (r.changes.length === 0) {
        const discard = 'Discard Draft';
        const c = await vscode.window.showInformationMessage('No changes are left in the Draft. Discard it to end the review.', discard);
        if (c === discard) {
          await vscode.commands.executeCommand('trestle.draft.discard', t.workbenchId);
        }
      } else if (view.allAcceptedFor(t.workbenchId)) {
        await offerPublish(t.workbenchId, 'Every change left is accepted.');
      }
    }),
  ];
}

async function offerPublish(workbenchId: string, why: string): Promise<void> {
  const publish = 'Publish';
  if (await vscode.window.showInformationMessage(`${why} Publish the Draft?`, publish) === publish) {
    await vscode.commands.executeCommand('trestle.draft.publish', workbenchId);
  }
}

/** Closes the review diffs of one file (after a reject they would show a change that is gone). */
async function closeDiffsOf(workbenchId: string, filePath: string): Promise<void> {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => {
    if (!(t.input instanceof vscode.TabInputTextDiff) || t.input.modified.scheme !== READONLY_SCHEME) {
      return false;
    }
    const f = reviewFileOf(t.input.modified.query);
    return f?.workbenchId === workbenchId && f.path === filePath;
  });
  if (tabs.length > 0) {
    await vscode.window.tabGroups.close(tabs, true);
  }
}
