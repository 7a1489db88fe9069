/**
 * The Workshop: conversation with streamed replies, cancel, retry, propose -> apply -> Draft, review/publish/discard.
 * One {@link WorkshopSession} drives one webview, either an editor tab ({@link WorkshopPanel}) or the sidebar view
 * ({@link WorkshopViewProvider}). Sessions talk to the engine only through the state's link, so their subscriptions
 * follow the engine across restarts; a run whose engine dies ends as failed with Retry, never stuck.
 */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { renderMarkdown } from '../logic/markdown';
import { type ModelNames, renderRecord } from '../logic/conversation';
import { renderClutter, scopeFiles } from '../logic/clutter';
import { presentError } from '../logic/errors';
import { unavailableReason } from '../logic/models';
import { EngineError } from '../engine';
import { EngineUnavailable, isTransportFailure } from '../engineLink';
import { plainMessage, showErrorInfo } from '../commands/errors';
import { ensureConsent, withConsent } from '../commands/consent';
import {
  CheckpointRestored, type ConversationRecord, DraftStateChanged, type ErrorInfo, WorkbenchClutterChanged, WorkbenchFilesChanged,
  WorkbenchFilesList, WorkbenchGetClutter, WorkshopApplyProposal, WorkshopAssistantMessageComplete, WorkshopAssistantStreamDelta,
  WorkshopCancelRun, WorkshopDismissProposal, WorkshopGetConversation, WorkshopGetProposal, WorkshopGetState, WorkshopModelChanged,
  WorkshopProposeChanges, WorkshopSendUserMessage, WorkshopStreamAssistantReply,
} from '../protocol';
import { type FailedRun, type FromWebview, parseFromWebview, type ToWebview } from './messages';

/** Shown in the Workshop when the user closed the consent modal. */
const NOT_SENT = 'Nothing was sent: consent was not given.';
const ENGINE_LOST = 'The Trestle engine stopped during this run, so the reply is incomplete. It restarts on its own; Retry asks again.';

/** The Workshop page (same for the editor tab and the sidebar view). */
export function workshopHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'workshop.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'workshop.css'));
  return `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource}; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0"><link rel="stylesheet" href="${style.toString()}"><title>Workshop</title></head>
<body><header><div class="bar"><button id="model" class="link" title="Switch model"></button><span id="clutter"></span><span id="state"></span></div>
<details id="scope"><summary id="scopeSummary">Files in scope</summary><ul id="files"></ul><button id="addFiles" class="link">Add files…</button></details>
<div id="banner" hidden></div></header>
<main id="log" aria-live="polite"></main><section id="proposal" hidden></section>
<footer><div id="working" hidden><span class="spinner" aria-hidden="true"></span><span id="workingText"></span></div>
<textarea id="input" rows="3" placeholder="Message the model about this Workbench… (Ctrl+Enter sends)"></textarea>
<div class="buttons"><button id="send">Send</button><button id="cancel" disabled>Cancel</button><button id="propose">Propose changes</button>
<button id="review" hidden>Review Draft</button><button id="publish" hidden>Publish</button><button id="discard" hidden>Discard</button></div></footer>
<script nonce="${nonce}" src="${script.toString()}"></script></body></html>`;
}

/** Drives one Workshop webview for one Workbench (the sidebar's follows the selection). */
export class WorkshopSession implements vscode.Disposable {
  private readonly subs: vscode.Disposable[] = [];
  private readonly streams = new Map<string, string>();
  private records: ConversationRecord[] = [];
  private modelLabel = '';
  private modelReady = true;
  private running = false;
  private cancelRequested = false;
  /** Endpoint host per provider (from the providers' status), to name the host in errors that lack it. */
  private readonly hosts = new Map<string, string>();

  constructor(private readonly state: TrestleState, private readonly webview: vscode.Webview, private workbenchId: string | undefined) {
    this.subs.push(webview.onDidReceiveMessage((raw) => {
      const msg = parseFromWebview(raw);
      if (msg) {
        void this.handle(msg).catch((err: unknown) => this.fail(err, undefined));
      }
    }));
    const link = state.engine();
    this.subs.push(link.on(WorkshopAssistantStreamDelta, (d) => {
      if (d.workbench_id === this.workbenchId) {
        const text = (this.streams.get(d.message_id) ?? '') + d.token_delta;
        this.streams.set(d.message_id, text);
        this.post({ type: 'delta', messageId: d.message_id, html: renderMarkdown(text) });
      }
    }));
    this.subs.push(link.on(WorkshopAssistantMessageComplete, (d) => {
      if (d.workbench_id === this.workbenchId) {
        this.streams.delete(d.message_id);
        if (!this.running) {
          // A run of another Workshop view of this Workbench (editor tab and sidebar): show its reply as finished.
          void this.reload();
        }
      }
    }));
    // Model, Draft and restore all change what the conversation shows (a restore adds its event and may undo files).
    for (const t of [WorkshopModelChanged, DraftStateChanged, CheckpointRestored] as const) {
      this.subs.push(link.on(t, (p: { workbench_id: string }) => {
        if (p.workbench_id === this.workbenchId) {
          void this.reload();
        }
      }));
    }
    this.subs.push(link.on(WorkbenchFilesChanged, (p) => {
      if (p.workbench_id === this.workbenchId) {
        void this.reloadScope();
      }
    }));
    this.subs.push(link.on(WorkbenchClutterChanged, (c) => {
      if (c.workbench_id === this.workbenchId) {
        void this.reloadScope();
      }
    }));
    this.subs.push(state.onDidChangeEngine((engine) => {
      this.post({ type: 'engine', running: engine !== undefined, generation: this.state.engine().generation });
      if (engine) {
        void this.reload();
      }
    }));
  }

  /** Points the session at another Workbench (the sidebar follows the selection). */
  setWorkbench(id: string | undefined): void {
    if (id !== this.workbenchId) {
      this.workbenchId = id;
      this.streams.clear();
      void this.reload();
    }
  }

  private post(m: ToWebview): void {
    void this.webview.postMessage(m);
  }

  private postState(): void {
    this.post({
      type: 'state', runInProgress: this.running, hasDraft: this.state.workbench?.id === this.workbenchId && (this.state.workbench?.has_draft ?? false),
      model: this.modelLabel, modelReady: this.modelReady,
    });
  }

  /** Redraws conversation and state from the engine; a missing engine is shown by the banner, not as an error. */
  async reload(): Promise<void> {
    const wb = this.workbenchId;
    if (!wb) {
      this.post({ type: 'conversation', messages: [] });
      this.post({ type: 'notice', text: 'Select or create a Workbench to talk about its files.' });
      return;
    }
    const link = this.state.engine();
    this.post({ type: 'engine', running: link.current !== undefined, generation: link.generation });
    try {
      const [conv, ws, models, providers] = await Promise.all([
        link.request(WorkshopGetConversation, { workbench_id: wb }),
        link.request(WorkshopGetState, { workbench_id: wb }),
        this.state.models(true).catch(() => []),
        this.state.providers().catch(() => []),
      ]);
      const name: ModelNames = (id) => models.find((m) => m.model_id === id)?.display_name ?? id;
      this.records = conv.messages;
      this.modelLabel = name(ws.active_model_id);
      const model = models.find((m) => m.model_id === ws.active_model_id);
      this.modelReady = model ? unavailableReason(model, providers.find((p) => p.provider_id === model.provider_id)) === undefined : true;
      for (const p of providers) {
        if (p.endpoint_host) {
          this.hosts.set(p.provider_id, p.endpoint_host);
        }
      }
      const now = new Date();
      this.post({ type: 'conversation', messages: conv.messages.map((r) => renderRecord(r, name, now)) });
      // The engine's word on a run wins over ours only when we are not waiting for one ourselves.
      this.post({
        type: 'state', runInProgress: this.running || ws.run_in_progress, hasDraft: ws.has_draft, model: this.modelLabel, modelReady: this.modelReady,
      });
      await this.reloadScope();
    } catch (err) {
      if (!(err instanceof EngineUnavailable)) {
        this.post({ type: 'notice', text: plainMessage(err) });
      }
      this.postState();
    }
  }

  /** Files in scope and the clutter line. */
  private async reloadScope(): Promise<void> {
    const wb = this.workbenchId;
    if (!wb) {
      return;
    }
    try {
      const link = this.state.engine();
      const [files, clutter, models] = await Promise.all([
        link.request(WorkbenchFilesList, { workbench_id: wb }),
        link.request(WorkbenchGetClutter, { workbench_id: wb }),
        this.state.models().catch(() => []),
      ]);
      const view = renderClutter(clutter, models.find((m) => m.model_id === clutter.model_id)?.display_name);
      this.post({ type: 'scope', clutter: view.text, ...scopeFiles(files.files, clutter) });
    } catch {
      // Shown again on the next change; the conversation matters more.
    }
  }

  private async handle(msg: FromWebview): Promise<void> {
    const link = this.state.engine();
    const wb = this.workbenchId;
    if (msg.type === 'ready') {
      await this.reload();
      return;
    }
    if (msg.type === 'copy') {
      const r = this.records.find((x) => x.message_id === msg.messageId);
      if (r) {
        await vscode.env.clipboard.writeText(r.text);
        this.post({ type: 'notice', text: 'Copied to the clipboard.' });
      }
      return;
    }
    if (!wb) {
      this.post({ type: 'notice', text: 'Select or create a Workbench first.' });
      return;
    }
    switch (msg.type) {
      case 'send': {
        // Readiness before consent (acceptance R4): a provider without a key is named, and nothing is stored.
        const ready = await this.modelUsable().catch((err: unknown) => {
          this.post({ type: 'restoreInput', text: msg.text });
          throw err;
        });
        if (!ready || !(await this.consentGiven())) {
          // In this order: once the notice shows, the text is back in the input.
          this.post({ type: 'restoreInput', text: msg.text });
          return;
        }
        const sent = await link.request(WorkshopSendUserMessage, { workbench_id: wb, text: msg.text }).catch((err: unknown) => {
          this.post({ type: 'restoreInput', text: msg.text });
          this.fail(err, undefined);
          return undefined;
        });
        if (!sent) {
          return;
        }
        await this.reload();
        await this.stream(wb, sent.message_id);
        return;
      }
      case 'retry':
        if (!(await this.modelUsable())) {
          return;
        }
        if (msg.messageId) {
          await this.stream(wb, msg.messageId);
        } else {
          await this.propose(wb);
        }
        return;
      case 'cancel':
        this.cancelRequested = true;
        await link.request(WorkshopCancelRun, { workbench_id: wb });
        return;
      case 'propose':
        if (await this.modelUsable()) {
          await this.propose(wb);
        }
        return;
      case 'apply': {
        const r = await link.request(WorkshopApplyProposal, { workbench_id: wb, proposal_id: msg.proposalId });
        await this.state.reloadSelected();
        await this.reload();
        if (r?.draft_id) {
          await vscode.commands.executeCommand('trestle.draft.review', wb);
        }
        return;
      }
      case 'dismiss':
        await link.request(WorkshopDismissProposal, { workbench_id: wb, proposal_id: msg.proposalId });
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
      case 'pickModel':
        await vscode.commands.executeCommand('trestle.model.pick', wb);
        return;
      case 'addFiles':
        await vscode.commands.executeCommand('trestle.files.add', wb);
        return;
    }
  }

  private async stream(wb: string, userMessageId: string): Promise<void> {
    await this.run(`${this.modelLabel || 'The model'} is replying…`, { messageId: userMessageId },
      () => this.state.engine().request(WorkshopStreamAssistantReply, { workbench_id: wb, message_id: userMessageId }));
  }

  private async propose(wb: string): Promise<void> {
    const link = this.state.engine();
    const r = await this.run(`${this.modelLabel || 'The model'} is proposing changes…`, {}, () => link.request(WorkshopProposeChanges, { workbench_id: wb }));
    if (r && r.no_changes) {
      this.post({ type: 'notice', text: 'The model proposed no changes.' });
    } else if (r) {
      const p = await link.request(WorkshopGetProposal, { workbench_id: wb, proposal_id: r.proposal_id });
      this.post({
        type: 'proposal', proposalId: p.proposal.proposal_id, summaryHtml: renderMarkdown(p.proposal.summary),
        writes: p.proposal.writes.map((w) => ({ path: w.path, bytes: Buffer.byteLength(w.content, 'utf8') })), warnings: p.proposal.warnings,
      });
    }
  }

  /**
   * A model call behind the consent gate. Whatever happens, the run ends: Send comes back, a failure is shown in the
   * panel with Retry (after the provider's wait), and the conversation is redrawn once the engine answers again.
   */
  private async run<T>(working: string, retry: { messageId?: string }, call: () => Promise<T>): Promise<T | undefined> {
    const wb = this.workbenchId;
    if (!wb) {
      return undefined;
    }
    this.running = true;
    this.cancelRequested = false;
    this.postState();
    this.post({ type: 'working', text: working });
    let declined = false;
    try {
      const r = await withConsent(this.state, wb, call);
      declined = r === undefined;
      return r;
    } catch (err) {
      this.fail(err, retry);
      return undefined;
    } finally {
      this.running = false;
      this.streams.clear();
      this.post({ type: 'working' });
      this.postState();
      await this.reload();
      if (declined) {
        // After the reload, which redraws the log.
        this.post({ type: 'notice', text: NOT_SENT });
      }
    }
  }

  /** Shows a failure in the panel (never the transport's words); actions other than Retry also as buttons. */
  private fail(err: unknown, retry: { messageId?: string } | undefined): void {
    const streaming = [...this.streams.keys()];
    const raw = err instanceof EngineError ? err.info : undefined;
    const host = raw?.provider_id ? this.hosts.get(raw.provider_id) : undefined;
    const info = raw && !raw.endpoint_host && host ? { ...raw, endpoint_host: host } : raw;
    let failure: FailedRun;
    if (err instanceof EngineUnavailable && !err.lostDuringRequest) {
      failure = { text: err.message, messageIds: streaming };
    } else if (isTransportFailure(err)) {
      failure = { text: ENGINE_LOST, messageIds: streaming, ...(retry ? { retry } : {}) };
    } else if (info?.error_code === 'USER_CANCELED') {
      failure = { text: this.cancelRequested ? 'Cancelled.' : 'The run was cancelled.', messageIds: streaming };
    } else if (info) {
      const p = presentError(info);
      const canRetry = retry !== undefined && (info.retryable || info.actions.includes('retry'));
      failure = {
        text: `${p.message} (${info.error_code})`, messageIds: streaming,
        ...(canRetry ? { retry: { ...retry, ...(info.retry_after_seconds ? { afterSeconds: info.retry_after_seconds } : {}) } } : {}),
      };
      const others: ErrorInfo = { ...info, actions: info.actions.filter((a) => a !== 'retry'), retry_after_seconds: undefined };
      if (presentError(others).buttons.length > 0) {
        // The buttons that lead elsewhere (settings, model, Draft); Retry lives in the panel.
        void showErrorInfo(others, { workbenchId: this.workbenchId });
      }
    } else {
      failure = { text: plainMessage(err), messageIds: streaming };
    }
    this.post({ type: 'failed', failure });
  }

  /** False (and says why, naming provider and model) when the active model's provider cannot be called. */
  private async modelUsable(): Promise<boolean> {
    const wb = this.workbenchId;
    if (!wb) {
      return false;
    }
    const link = this.state.engine();
    const [ws, models, providers] = await Promise.all([
      link.request(WorkshopGetState, { workbench_id: wb }), this.state.models(true), this.state.providers(),
    ]);
    const model = models.find((m) => m.model_id === ws.active_model_id);
    const provider = providers.find((p) => p.provider_id === model?.provider_id);
    if (!model || unavailableReason(model, provider) === undefined) {
      return true;
    }
    const info: ErrorInfo = {
      error_code: 'PROVIDER_NOT_CONFIGURED', phase: 'workshop', retryable: false, actions: ['open_settings'],
      provider_id: model.provider_id, model_id: model.model_id, ...(provider?.endpoint_host ? { endpoint_host: provider.endpoint_host } : {}),
    };
    const p = presentError(info);
    this.post({ type: 'failed', failure: { text: `${p.message} (${info.error_code})`, messageIds: [] } });
    void showErrorInfo(info, { workbenchId: wb });
    return false;
  }

  /** The consent modal when needed; false when declined or when the check itself failed (shown). */
  private async consentGiven(): Promise<boolean> {
    const wb = this.workbenchId;
    if (!wb) {
      return false;
    }
    try {
      if (await ensureConsent(this.state, wb)) {
        return true;
      }
      this.post({ type: 'notice', text: NOT_SENT });
      return false;
    } catch (err) {
      this.fail(err, undefined);
      return false;
    }
  }

  dispose(): void {
    this.subs.forEach((s) => {
      s.dispose();
    });
    this.subs.length = 0;
  }
}

/** The Workshop as an editor tab: one per Workbench. */
export class WorkshopPanel implements vscode.Disposable {
  private static readonly panels = new Map<string, WorkshopPanel>();
  private readonly session: WorkshopSession;

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

  private constructor(context: vscode.ExtensionContext, state: TrestleState, private readonly workbenchId: string, private readonly panel: vscode.WebviewPanel) {
    panel.webview.html = workshopHtml(panel.webview, context.extensionUri);
    this.session = new WorkshopSession(state, panel.webview, workbenchId);
    panel.onDidDispose(() => this.dispose());
  }

  dispose(): void {
    WorkshopPanel.panels.delete(this.workbenchId);
    this.session.dispose();
  }
}

/** The Workshop in the Trestle sidebar (`trestle.workshopView`), following the selected Workbench. */
export class WorkshopViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  static readonly viewId = 'trestle.workshopView';
  private session: WorkshopSession | undefined;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly state: TrestleState) {
    this.subs.push(state.onDidChangeSelection(() => this.session?.setWorkbench(state.selected)));
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    view.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'media')] };
    view.webview.html = workshopHtml(view.webview, this.context.extensionUri);
    this.session?.dispose();
    const session = new WorkshopSession(this.state, view.webview, this.state.selected);
    this.session = session;
    view.onDidDispose(() => {
      session.dispose();
      if (this.session === session) {
        this.session = undefined;
      }
    });
  }

  dispose(): void {
    this.session?.dispose();
    this.subs.forEach((s) => {
      s.dispose();
    });
  }
}
