/**
 * The Draft Review view (`trestle.draftReview`): the selected Workbench's Draft changes, one row per file with its
 * M / A / D badge; a click opens the file's diff, Accept keeps the change (marks the row), Reject puts the Published
 * version back into the Draft (`DraftRevertFile`). Its data is {@link DraftDecorations}' change list, so the badges,
 * the Workbenches tree and this view always agree, and nothing reads the change set twice.
 */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { ReviewState } from '../logic/review';
import { type DraftDecorations, workbenchFileUri } from './draftDecorations';

/** A row: one change of the selected Workbench's Draft. */
export interface ReviewNode {
  workbenchId: string;
  path: string;
}

export class DraftReviewView implements vscode.TreeDataProvider<ReviewNode>, vscode.Disposable {
  static readonly viewId = 'trestle.draftReview';
  private readonly emitter = new vscode.EventEmitter<ReviewNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly allAccepted = new vscode.EventEmitter<string>();
  /** Fires with the Workbench id once every change of its Draft is accepted (the moment to offer Publish). */
  readonly onDidAcceptAll = this.allAccepted.event;
  private readonly review = new ReviewState();
  private readonly subs: vscode.Disposable[] = [];
  private workbenchId: string | undefined;
  view: vscode.TreeView<ReviewNode> | undefined;

  constructor(private readonly state: TrestleState, private readonly draft: DraftDecorations) {
    // Only a different change list redraws (DraftDecorations skips unchanged re-reads).
    this.subs.push(draft.onDidChangeChanges(() => this.sync()));
  }

  /** Takes the current change list from the decorations and redraws the view. */
  private sync(): void {
    const wb = this.draft.workbench;
    this.workbenchId = wb;
    const changes = wb ? this.draft.changesOf(wb) : [];
    this.review.update(wb ? this.draft.draftIdOf(wb) : undefined, changes);
    this.emitter.fire(undefined);
    this.describe();
  }

  /** Marks one change accepted; fires {@link onDidAcceptAll} when it was the last one. */
  accept(workbenchId: string, path: string): boolean {
    if (workbenchId !== this.workbenchId || !this.review.accept(path)) {
      return false;
    }
    this.emitter.fire(undefined);
    this.describe();
    if (this.review.allAccepted()) {
      this.allAccepted.fire(workbenchId);
    }
    return true;
  }

  isAccepted(workbenchId: string, path: string): boolean {
    return workbenchId === this.workbenchId && this.review.isAccepted(path);
  }

  /** True when the Draft has changes and all of them are accepted. */
  allAcceptedFor(workbenchId: string): boolean {
    return workbenchId === this.workbenchId && this.review.allAccepted();
  }

  getChildren(node?: ReviewNode): ReviewNode[] {
    const wb = this.workbenchId;
    if (node || !wb) {
      return [];
    }
    return this.review.rows().map((r) => ({ workbenchId: wb, path: r.path }));
  }

  getTreeItem(node: ReviewNode): vscode.TreeItem {
    const row = this.review.rows().find((r) => r.path === node.path);
    const item = new vscode.TreeItem(workbenchFileUri(node.workbenchId, node.path), vscode.TreeItemCollapsibleState.None);
    // Stable per Workbench and path: a redraw updates the row in place rather than replacing it.
    item.id = `review:${node.workbenchId}:${node.path}`;
    item.label = node.path;
    item.description = row?.description;
    item.tooltip = row?.tooltip;
    if (row?.accepted) {
      item.iconPath = new vscode.ThemeIcon('check', new vscode.ThemeColor('testing.iconPassed'));
    }
    item.contextValue = row?.accepted ? 'reviewChangeAccepted' : 'reviewChange';
    item.command = { command: 'trestle.draft.reviewFile', title: 'Open Change', arguments: [node.workbenchId, node.path] };
    return item;
  }

  private describe(): void {
    if (!this.view) {
      return;
    }
    const rows = this.review.rows();
    const pending = this.review.pending();
    const name = this.workbenchId && this.state.workbench?.id === this.workbenchId ? this.state.workbench.name : undefined;
    this.view.description = rows.length === 0 ? name
      : [name, pending === 0 ? 'all accepted' : `${rows.length - pending} of ${rows.length} accepted`].filter(Boolean).join(' · ');
    this.view.badge = pending > 0 ? { value: pending, tooltip: `${pending} Draft change(s) to review` } : undefined;
  }

  dispose(): void {
    this.subs.forEach((s) => {
      s.dispose();
    });
    this.emitter.dispose();
    this.allAccepted.dispose();
  }
}
