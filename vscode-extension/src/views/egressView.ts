/** "What was sent": the egress log of the selected Workbench, a receipt per request with the files it carried. */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { eventRow, fileRow, newestFirst } from '../logic/egress';
import {
  type EgressEvent, type SentFile, EgressListEvents, WorkshopAssistantMessageComplete, WorkshopProposalReady,
} from '../protocol';

type Node = { event: EgressEvent; index: number } | { file: SentFile; parent: number };

/** Tree data for `trestle.egress`; refreshed on selection and after each Workshop reply or proposal. */
export class EgressView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly state: TrestleState) {
    this.subs.push(state.onDidChangeEngine((engine) => {
      if (engine) {
        for (const t of [WorkshopAssistantMessageComplete, WorkshopProposalReady] as const) {
          this.subs.push(engine.on(t, (p: { workbench_id: string }) => {
            if (p.workbench_id === state.selected) {
              this.refresh();
            }
          }));
        }
      }
      this.refresh();
    }));
    this.subs.push(state.onDidChangeSelection(() => this.refresh()));
  }

  refresh(): void {
    this.emitter.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (node) {
      return 'event' in node ? (node.event.receipt?.files ?? []).map((file) => ({ file, parent: node.index })) : [];
    }
    const engine = this.state.engineOrUndefined;
    const wb = this.state.workbench;
    if (!engine || !wb) {
      return [];
    }
    try {
      const r = await engine.request(EgressListEvents, { workbench_id: wb.id });
      return newestFirst(r.events).map((event, index) => ({ event, index }));
    } catch (err) {
      this.state.output.appendLine(`What was sent view: ${(err as Error).message}`);
      return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const row = 'event' in node ? eventRow(node.event) : fileRow(node.file);
    const expandable = 'event' in node && (node.event.receipt?.files.length ?? 0) > 0;
    const item = new vscode.TreeItem(row.label, expandable ? vscode.TreeItemCollapsibleState.Collapsed
      : vscode.TreeItemCollapsibleState.None);
    item.description = row.description;
    item.tooltip = row.tooltip;
    item.iconPath = new vscode.ThemeIcon(row.icon);
    return item;
  }

  dispose(): void {
    this.subs.forEach((s) => {
      s.dispose();
    });
    this.emitter.dispose();
  }
}
