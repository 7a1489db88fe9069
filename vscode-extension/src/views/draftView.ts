/**
 * The Draft review list (`trestle.draft`): every file the selected Workbench's Draft changes, with its M / A / D
 * decoration, accept and reject buttons per file, and publish / discard for the whole Draft.
 */
import * as vscode from 'vscode';
import type { ChangeSetEntry } from '../protocol';
import { changeDescription, reviewProgress } from '../logic/review';
import { type DraftDecorations, workbenchFileUri } from './draftDecorations';

/** One changed file of the Draft. */
export interface DraftChangeNode { kind: 'draftChange'; workbenchId: string; change: ChangeSetEntry }

export class DraftView implements vscode.TreeDataProvider<DraftChangeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<DraftChangeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];
  view: vscode.TreeView<DraftChangeNode> | undefined;

  constructor(private readonly draft: DraftDecorations) {
    this.subs.push(draft.onDidChangeChanges(() => this.emitter.fire(undefined)));
  }

  getChildren(node?: DraftChangeNode): DraftChangeNode[] {
    if (node) {
      return [];
    }
    const current = this.draft.currentDraft;
    const changes = current ? this.draft.changesOf(current.workbenchId) : [];
    if (this.view) {
      const accepted = changes.filter((c) => current && this.draft.isAccepted(current.workbenchId, c.path)).length;
      this.view.description = current ? `${changes.length} change(s)${accepted ? `, ${accepted} accepted` : ''}` : undefined;
      this.view.message = current ? reviewProgress(changes.length, accepted) : undefined;
    }
    return current ? changes.map((change) => ({ kind: 'draftChange', workbenchId: current.workbenchId, change })) : [];
  }

  getTreeItem(node: DraftChangeNode): vscode.TreeItem {
    const c = node.change;
    const accepted = this.draft.isAccepted(node.workbenchId, c.path);
    const item = new vscode.TreeItem(c.path, vscode.TreeItemCollapsibleState.None);
    item.id = `change:${node.workbenchId}:${c.path}`;
    item.resourceUri = workbenchFileUri(node.workbenchId, c.path);
    item.description = changeDescription(c, accepted);
    item.tooltip = `${c.path}: ${changeDescription(c, accepted)}.\nClick to see the diff. ✓ keeps the change, ✗ rejects it (the Published version stays).`;
    item.iconPath = new vscode.ThemeIcon(accepted ? 'pass' : c.change_type === 'added' ? 'diff-added' : c.change_type === 'deleted' ? 'diff-removed' : 'diff-modified');
    item.contextValue = accepted ? 'draftChangeAccepted' : 'draftChange';
    item.command = { command: 'trestle.draft.reviewFile', title: 'Review Change', arguments: [node.workbenchId, c.path] };
    return item;
  }

  dispose(): void {
    this.subs.forEach((s) => {
      s.dispose();
    });
    this.emitter.dispose();
  }
}
