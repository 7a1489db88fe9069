/**
 * Activation pipeline only: find Java -> start the engine client -> register views and commands -> return the API.
 */
import * as vscode from 'vscode';
import type { Engine, Tracer } from './engine';
import { findJava, type JavaRuntime } from './server/javaFinder';
import { trainArchive, usableArchive } from './server/classData';
import { bundledJar, engineAvailable, engineLaunch, EngineSupervisor } from './server/engineProcess';
import { TrestleState } from './state';
import { WorkbenchesView } from './views/workbenchesView';
import { CheckpointsView } from './views/checkpointsView';
import { StatusBar } from './views/statusBar';
import { registerWorkbenchCommands } from './commands/workbenchCommands';
import { registerModelCommands } from './commands/modelCommands';
import { registerProviderCommands } from './commands/providerCommands';
import { registerConsentCommands } from './commands/consent';
import { registerCheckpointCommands } from './commands/checkpointCommands';
import { registerDraftCommands } from './commands/draftCommands';
import { registerClutterCommands } from './commands/clutterCommands';
import { WorkshopPanel } from './webview/workshopPanel';

/** What other extensions and tests get from `activate`. */
export interface TrestleApi {
  /** Resolves once the engine answered the handshake; rejects if it could not start. */
  serverReady(): Promise<void>;
  /** The running engine, for tests. */
  engine(): Engine | undefined;
}

let supervisor: EngineSupervisor | undefined;

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
  const ready = startEngine(context, state, output, tracer);
  registerUi(context, state);

  ready.catch(() => undefined);
  return {
    serverReady: () => ready.then(() => undefined),
    engine: () => state.engineOrUndefined,
  };
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
    const java: JavaRuntime | undefined = process.env.TRESTLE_DEV_ENGINE_SCRIPT ? undefined : await findJava(javaHome);
    if (java) {
      output.appendLine(`Using Java ${java.major} from ${java.source}: ${java.executable}`);
    }
    const jar = bundledJar(context.extensionPath);
    const cacheDir = context.globalStorageUri.fsPath;
    const sup = new EngineSupervisor(() => engineLaunch(context.extensionPath, java, allowCustom, process.env,
      java ? usableArchive(cacheDir, jar, java.executable) : undefined), output, tracer);
    supervisor = sup;
    context.subscriptions.push(sup);
    context.subscriptions.push(sup.onDidStart((e) => state.setEngine(e)));
    context.subscriptions.push(sup.onDidStop((e) => state.setEngine(undefined, e.restarting)));
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
    if (supervisor) {
      supervisor.reportFailure(err);
    } else {
      const settings = 'Open Settings';
      void vscode.window.showErrorMessage((err as Error).message, settings).then((c) => c === settings
        && vscode.commands.executeCommand('workbench.action.openSettings', 'trestle.java.home'));
    }
    throw err;
  }
}

/** Step 3: views, status bar and commands. */
function registerUi(context: vscode.ExtensionContext, state: TrestleState): void {
  const workbenches = new WorkbenchesView(state);
  const checkpoints = new CheckpointsView(state);
  const status = new StatusBar(state);
  const checkpointTree = vscode.window.createTreeView('trestle.checkpoints', { treeDataProvider: checkpoints });
  checkpoints.attach(checkpointTree);
  context.subscriptions.push(
    workbenches, checkpoints, status, checkpointTree,
    vscode.window.createTreeView('trestle.workbenches', { treeDataProvider: workbenches, canSelectMany: false }),
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
  );
}

export async function deactivate(): Promise<void> {
  await supervisor?.dispose();
  supervisor = undefined;
}
