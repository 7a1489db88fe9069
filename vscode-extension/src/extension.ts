/**
 * Activation pipeline only: find Java -> start the engine client -> register views and commands -> return the API.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Engine, Tracer } from './engine';
import { findJava, type JavaRuntime } from './server/javaFinder';
import { trainArchive, usableArchive } from './server/classData';
import { bundledJar, engineAvailable, engineLaunch, EngineSupervisor } from './server/engineProcess';
import { TrestleState } from './state';
import { WorkbenchesView } from './views/workbenchesView';
import { DraftDecorations } from './views/draftDecorations';
import { DraftReviewView } from './views/draftReviewView';
import { CheckpointsView } from './views/checkpointsView';
import { EgressView } from './views/egressView';
import { StatusBar } from './views/statusBar';
import { registerWorkbenchCommands } from './commands/workbenchCommands';
import { registerModelCommands } from './commands/modelCommands';
import { registerProviderCommands } from './commands/providerCommands';
import { registerConsentCommands } from './commands/consent';
import { registerCheckpointCommands } from './commands/checkpointCommands';
import { registerDraftCommands, registerFileViewCommands } from './commands/draftCommands';
import { registerReviewCommands } from './commands/reviewCommands';
import { registerClutterCommands } from './commands/clutterCommands';
import { WorkshopPanel, WorkshopViewProvider } from './webview/workshopPanel';

/** What other extensions and tests get from `activate`. */
export interface TrestleApi {
  /** Resolves once the engine answered the handshake; rejects if it could not start. */
  serverReady(): Promise<void>;
  /** The running engine, for tests. */
  engine(): Engine | undefined;
}

let supervisor: EngineSupervisor | undefined;
/** Disposes the current supervisor's event wiring. */
let supervisorWiring: vscode.Disposable[] = [];

export function activate(context: vscode.ExtensionContext): TrestleApi {
  const output = vscode.window.createOutputChannel('Trestle');
  const traceChannel = vscode.window.createOutputChannel('Trestle Trace');
  context.subscriptions.push(output, traceChannel);
  const tracer: Tracer = {
    level: () => vscode.workspace.getConfiguration('trestle').get<'off' | 'messages' | 'verbose'>('trace.server', 'off'),
    line: (t) => traceChannel.appendLine(`[${new Date().toISOString()}] ${t}`),
  };
  const state = new TrestleState(context.globalState, output);
  context.subscriptions.push(state);

  state.setEngineState('starting');
  let ready = startEngine(context, state, output, tracer);
  registerUi(context, state);
  ready.catch(() => undefined);
  // The engine's launch settings take effect at once: a new Java or egress option restarts the engine, no reload.
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('trestle.java.home') || e.affectsConfiguration('trestle.allowCustomEndpoints')) {
      output.appendLine('Trestle engine settings changed: restarting the engine.');
      ready = restartEngine(context, state, output, tracer);
      ready.catch(() => undefined);
    }
  }));
  return {
    serverReady: () => ready.then(() => undefined),
    engine: () => state.engineOrUndefined,
  };
}

/** Stops the current engine (if any) and starts a new one with the current settings. */
async function restartEngine(context: vscode.ExtensionContext, state: TrestleState, output: vscode.OutputChannel, tracer: Tracer): Promise<Engine> {
  const old = supervisor;
  supervisor = undefined;
  supervisorWiring.forEach((d) => {
    d.dispose();
  });
  supervisorWiring = [];
  if (old) {
    await old.dispose();
  }
  state.setEngine(undefined, true);
  return startEngine(context, state, output, tracer);
}

/** Opens the Settings UI on one setting; machine-scoped ones live under the Remote tab when there is a remote. */
export async function openSetting(id: string): Promise<void> {
  const query = `@id:${id}`;
  if (vscode.env.remoteName || vscode.env.uiKind === vscode.UIKind.Web) {
    try {
      await vscode.commands.executeCommand('workbench.action.openRemoteSettings', { query });
      return;
    } catch {
      // No remote: the user settings are where machine settings show.
    }
  }
  await vscode.commands.executeCommand('workbench.action.openSettings', query);
}

/** Steps 1–2: find Java, start the client, wire restarts into the shared state. */
async function startEngine(context: vscode.ExtensionContext, state: TrestleState, output: vscode.OutputChannel, tracer: Tracer): Promise<Engine> {
  try {
    if (!engineAvailable(context.extensionPath)) {
      throw new Error('The Trestle engine is missing from this extension package (server/trestle-server.jar). Reinstall the extension.');
    }
    // Machine-scoped settings: read from user settings only (a workspace cannot choose the binary or widen egress).
    const config = vscode.workspace.getConfiguration('trestle');
    const javaHome = config.inspect<string>('java.home')?.globalValue;
    const allowCustom = config.inspect<boolean>('allowCustomEndpoints')?.globalValue ?? false;
    const bundledRuntime = path.join(context.extensionPath, 'server', 'jre');
    const java: JavaRuntime | undefined = process.env.TRESTLE_DEV_ENGINE_SCRIPT ? undefined
      : await findJava(javaHome, process.env, process.platform, bundledRuntime);
    if (java) {
      output.appendLine(`Using Java ${java.major} from ${java.source}: ${java.executable}`);
    }
    const jar = bundledJar(context.extensionPath);
    const cacheDir = context.globalStorageUri.fsPath;
    const sup = new EngineSupervisor(() => engineLaunch(context.extensionPath, java, allowCustom, process.env,
      java ? usableArchive(cacheDir, jar, java.executable) : undefined), output, tracer);
    supervisor = sup;
    supervisorWiring = [sup.onDidStart((e) => state.setEngine(e)), sup.onDidStop((e) => state.setEngine(undefined, e.restarting))];
    const engine = await sup.start();
    output.appendLine('Trestle engine ready.');
    if (java && !usableArchive(cacheDir, jar, java.executable)) {
      // in the background, once: the next start maps pre-parsed classes (about half the start time)
      void trainArchive(cacheDir, jar, java.executable).then((ok) => output.appendLine(ok
        ? 'Prepared the engine class-data archive for faster starts.'
        : 'Could not prepare the engine class-data archive; the engine starts without it.'));
    }
    return engine;
  } catch (err) {
    state.setEngineState('stopped');
    const message = (err as Error).message ?? String(err);
    // Always in the log, so "Show Engine Log" says why (the engine itself may never have run).
    output.appendLine(`The Trestle engine could not start: ${message}`);
    if (supervisor) {
      supervisor.reportFailure(err);
    } else {
      const settings = 'Open Settings';
      const log = 'Show Engine Log';
      void vscode.window.showErrorMessage(`${message} Changing the setting restarts the engine; no reload is needed.`, settings, log).then((c) => {
        if (c === settings) {
          void openSetting('trestle.java.home');
        } else if (c === log) {
          output.show();
        }
      });
    }
    throw err;
  }
}

/** Step 3: views, status bar and commands. */
function registerUi(context: vscode.ExtensionContext, state: TrestleState): void {
  const draftChanges = new DraftDecorations(state);
  const workbenches = new WorkbenchesView(state, draftChanges);
  const checkpoints = new CheckpointsView(state);
  const status = new StatusBar(state);
  const checkpointTree = vscode.window.createTreeView('trestle.checkpoints', { treeDataProvider: checkpoints });
  const workshopView = new WorkshopViewProvider(context, state);
  const workbenchTree = vscode.window.createTreeView('trestle.workbenches', { treeDataProvider: workbenches, canSelectMany: false });
  workbenches.view = workbenchTree;
  checkpoints.attach(checkpointTree);
  const review = new DraftReviewView(state, draftChanges);
  const reviewTree = vscode.window.createTreeView(DraftReviewView.viewId, { treeDataProvider: review });
  review.view = reviewTree;
  context.subscriptions.push(review, reviewTree, ...registerReviewCommands(state, draftChanges, review));
  const egress = new EgressView(state);
  context.subscriptions.push(egress, vscode.window.createTreeView('trestle.egress', { treeDataProvider: egress }));
  context.subscriptions.push(
    draftChanges, vscode.window.registerFileDecorationProvider(draftChanges),
    workbenches, checkpoints, status, checkpointTree, workshopView,
    vscode.window.registerWebviewViewProvider(WorkshopViewProvider.viewId, workshopView, { webviewOptions: { retainContextWhenHidden: true } }),
    workbenchTree,
    ...registerFileViewCommands(state, workbenches),
    ...registerWorkbenchCommands(state, () => workbenches.refresh()),
    ...registerModelCommands(state),
    ...registerProviderCommands(state),
    ...registerConsentCommands(state),
    ...registerCheckpointCommands(state, checkpoints),
    ...registerDraftCommands(state),
    ...registerClutterCommands(state, () => workbenches.refresh()),
    vscode.commands.registerCommand('trestle.workshop.open', async (arg?: unknown) => {
      const id = typeof arg === 'string' ? arg : (arg as { workbench?: { id: string } } | undefined)?.workbench?.id ?? state.requireSelected();
      if (state.selected !== id) {
        await state.select(id);
      }
      WorkshopPanel.show(context, state, id, state.workbench?.name ?? id);
    }),
    vscode.commands.registerCommand('trestle.engine.showLog', () => state.output.show()),
    vscode.commands.registerCommand('trestle.java.openSetting', () => openSetting('trestle.java.home')),
    vscode.commands.registerCommand('trestle.walkthrough.open', () =>
      vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#trestle.start`, false)),
  );
}

export async function deactivate(): Promise<void> {
  supervisorWiring.forEach((d) => {
    d.dispose();
  });
  await supervisor?.dispose();
  supervisor = undefined;
}
