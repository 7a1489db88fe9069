/** The Workshop panel: conversation with streamed replies, cancel, propose -> apply -> Draft, review/publish/discard. */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { renderMarkdown } from '../logic/markdown';
import { type ModelNames, renderRecord } from '../logic/conversation';
import { EngineError } from '../engine';
import { guarded, showError } from '../commands/errors';
import { ensureConsent, withConsent } from '../commands/consent';
import {
  DraftStateChanged, WorkshopApplyProposal, WorkshopAssistantMessageComplete,
  WorkshopAssistantStreamDelta, WorkshopCancelRun, WorkshopDismissProposal, WorkshopGetConversation, WorkshopGetProposal,
  WorkshopGetState, WorkshopModelChanged, WorkshopProposeChanges, WorkshopSendUserMessage, WorkshopStreamAssistantReply,
} from '../protocol';
import { type FromWebview, parseFromWebview, type ToWebview } from './messages';

/** Shown in the Workshop when the user closed the consent modal. */
const NOT_SENT = 'Nothing was sent: consent was not given.';

/** One panel per Workbench. */
export class WorkshopPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, WorkshopPanel>();
  private readonly subs: vscode.Disposable[] = [];
  private readonly streams = new Map<string, string>();
  /** Display name of the active model, kept for the "running" header. */
  private modelLabel = '';

  static show(context: vscode.ExtensionContext, state: TrestleState, workbenchId: string, title: string): void {
    const existing = WorkshopPanel.panels.get(workbenchId);
    if (existing) {
      existing.panel.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel('trestle.workshop', `Workshop: ${title}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
      retainContextWhenHidden: true,
    });
    WorkshopPanel.panels.set(workbenchId, new WorkshopPanel(context, state, workbenchId, panel));
  }

  private constructor(context: vscode.ExtensionContext, private readonly state: TrestleState, private readonly workbenchId: string, private readonly panel: vscode.WebviewPanel) {
    const nonce = crypto.randomBytes(16).toString('base64');
    const webview = panel.webview;
    const script = webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'workshop.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'media', 'workshop.css'));
    webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource}; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><link rel="stylesheet" href="${style.toString()}"><title>Workshop</title></head>
<body><header id="state"></header><main id="log" aria-live="polite"></main><section id="proposal" hidden></section>
<footer><textarea id="input" rows="3" placeholder="Message the model about this Workbench…"></textarea>
<div class="buttons"><button id="send">Send</button><button id="cancel" disabled>Cancel</button><button id="propose">Propose changes</button>
<button id="review" hidden>Review Draft</button><button id="publish" hidden>Publish</button><button id="discard" hidden>Discard</button></div></footer>
<script nonce="${nonce}" src="${script.toString()}"></script></body></html>`;
    this.subs.push(webview.onDidReceiveMessage((raw) => {
      const msg = parseFromWebview(raw);
      if (msg) {
        void this.handle(msg);
      }
    }));
    const engine = state.engine();
    this.subs.push(engine.on(WorkshopAssistantStreamDelta, (d) => {
      if (d.workbench_id === workbenchId) {
        const text = (this.streams.get(d.message_id) ?? '') + d.token_delta;
        this.streams.set(d.message_id, text);
        this.post({ type: 'delta', messageId: d.message_id, html: renderMarkdown(text) });
      }
    }));
    this.subs.push(engine.on(WorkshopAssistantMessageComplete, (d) => {
      if (d.workbench_id === workbenchId) {
        this.streams.delete(d.message_id);
      }
    }));
    for (const t of [WorkshopModelChanged, DraftStateChanged] as const) {
      this.subs.push(engine.on(t, (p: { workbench_id: string }) => {
        if (p.workbench_id === workbenchId) {
          void this.reload();
        }
      }));
    }
    panel.onDidDispose(() => this.dispose(), undefined, this.subs);
  }

  private post(m: ToWebview): void {
    void this.panel.webview.postMessage(m);
  }

  private async reload(): Promise<void> {
    const engine = this.state.engine();
    try {
      const [conv, ws, models] = await Promise.all([
        engine.request(WorkshopGetConversation, { workbench_id: this.workbenchId }),
        engine.request(WorkshopGetState, { workbench_id: this.workbenchId }),
        this.state.models().catch(() => []),
      ]);
      const name: ModelNames = (id) => models.find((m) => m.model_id === id)?.display_name ?? id;
      this.modelLabel = name(ws.active_model_id);
      this.post({ type: 'conversation', messages: conv.messages.map((r) => renderRecord(r, name)) });
      this.post({ type: 'state', runInProgress: ws.run_in_progress, hasDraft: ws.has_draft, model: this.modelLabel });
    } catch (err) {
      this.post({ type: 'notice', text: (err as Error).message });
    }
  }

  private async handle(msg: FromWebview): Promise<void> {
    const engine = this.state.engine();
    const wb = this.workbenchId;
    switch (msg.type) {
      case 'ready':
        await this.reload();
        return;
      case 'send': {
        // Ask before the message is stored: a declined consent leaves no unanswered message behind.
        if (!(await this.consentGiven())) {
          // In this order: once the notice shows, the text is back in the input.
          this.post({ type: 'restoreInput', text: msg.text });
          this.post({ type: 'notice', text: NOT_SENT });
          return;
        }
        const sent = await guarded(() => engine.request(WorkshopSendUserMessage, { workbench_id: wb, text: msg.text }), wb);
        if (!sent) {
          return;
        }
        await this.reload();
        await this.run(() => engine.request(WorkshopStreamAssistantReply, { workbench_id: wb, message_id: sent.message_id }));
        return;
      }
      case 'cancel':
        await guarded(() => engine.request(WorkshopCancelRun, { workbench_id: wb }), wb);
        return;
      case 'propose': {
        const r = await this.run(() => engine.request(WorkshopProposeChanges, { workbench_id: wb }));
        if (r && r.no_changes) {
          this.post({ type: 'notice', text: 'The model proposed no changes.' });
        } else if (r) {
          const p = await guarded(() => engine.request(WorkshopGetProposal, { workbench_id: wb, proposal_id: r.proposal_id }), wb);
          if (p) {
            this.post({
              type: 'proposal', proposalId: p.proposal.proposal_id, summaryHtml: renderMarkdown(p.proposal.summary),
              writes: p.proposal.writes.map((w) => ({ path: w.path, bytes: Buffer.byteLength(w.content, 'utf8') })), warnings: p.proposal.warnings,
            });
          }
        }
        return;
      }
      case 'apply': {
        const r = await guarded(() => engine.request(WorkshopApplyProposal, { workbench_id: wb, proposal_id: msg.proposalId }), wb);
        await this.state.reloadSelected();
        await this.reload();
        if (r?.draft_id) {
          await vscode.commands.executeCommand('trestle.draft.review', wb);
        }
        return;
      }
      case 'dismiss':
        await guarded(() => engine.request(WorkshopDismissProposal, { workbench_id: wb, proposal_id: msg.proposalId }), wb);
        return;
      case 'review':
        await vscode.commands.executeCommand('trestle.draft.review', wb);
        return;
      case 'publish':
        await vscode.commands.executeCommand('trestle.draft.publish', wb);
        return;
      case 'discard':
        await vscode.commands.executeCommand('trestle.draft.discard', wb);
        return;
    }
  }

  /** A model call behind the consent gate; errors shown with their actions (Retry repeats the call). */
  private async run<T>(call: () => Promise<T>): Promise<T | undefined> {
    this.post({ type: 'state', runInProgress: true, hasDraft: this.state.workbench?.has_draft ?? false, model: this.modelLabel });
    const attempt = async (): Promise<T | undefined> => withConsent(this.state, this.workbenchId, call);
    let declined = false;
    try {
      const r = await attempt();
      declined = r === undefined;
      return r;
    } catch (err) {
      // Not awaited: the message stays up while the panel settles; Retry runs the whole call again (state, consent).
      void showError(err, err instanceof EngineError ? { retry: () => this.run(call), workbenchId: this.workbenchId } : {});
      return undefined;
    } finally {
      this.streams.clear();
      await this.reload();
      if (declined) {
        // After the reload, which redraws the log.
        this.post({ type: 'notice', text: NOT_SENT });
      }
    }
  }

  /** The consent modal when needed; false when declined or when the check itself failed (shown). */
  private async consentGiven(): Promise<boolean> {
    try {
      return await ensureConsent(this.state, this.workbenchId);
    } catch (err) {
      await showError(err, { workbenchId: this.workbenchId });
      return false;
    }
  }

  dispose(): void {
    WorkshopPanel.panels.delete(this.workbenchId);
    this.subs.forEach((s) => {
      s.dispose();
    });
    this.subs.length = 0;
  }
}
