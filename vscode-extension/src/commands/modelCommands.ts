/** Model picker (active model), user default and workbench default. */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { buildModelRows } from '../logic/models';
import { UserGetDefaultModel, UserSetDefaultModel, WorkbenchSetDefaultModel, WorkshopGetState, WorkshopSetActiveModel } from '../protocol';
import { guarded } from './errors';
import { workbenchIdOf } from './workbenchCommands';

interface ModelItem extends vscode.QuickPickItem {
  modelId?: string;
  available?: boolean;
}

/** Shows all registry models grouped by provider; returns the picked available model id. */
export async function pickModel(state: TrestleState, title: string, currentId: string | undefined, allowUnavailable: boolean,
  currentLabel = 'active'): Promise<string | undefined> {
  const [models, providers] = await Promise.all([state.models(true), state.providers()]);
  const items: ModelItem[] = buildModelRows(models, providers, currentId, currentLabel).map((r) => r.kind === 'separator'
    ? { label: r.label, kind: vscode.QuickPickItemKind.Separator }
    : {
      label: `${r.active ? '$(check) ' : ''}${r.label}`,
      description: r.description,
      detail: r.detail,
      modelId: r.modelId,
      available: r.available,
    });
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true });
  if (!picked?.modelId) {
    return undefined;
  }
  if (!picked.available && !allowUnavailable) {
    const open = 'Manage Providers';
    const choice = await vscode.window.showWarningMessage(`${picked.label} is unavailable (${picked.description?.replace('unavailable: ', '')}).`, open);
    if (choice === open) {
      await vscode.commands.executeCommand('trestle.providers.manage');
    }
    return undefined;
  }
  return picked.modelId;
}

export function registerModelCommands(state: TrestleState): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('trestle.model.pick', async (arg?: unknown) => {
      const id = workbenchIdOf(state, arg);
      const ws = await guarded(() => state.engine().request(WorkshopGetState, { workbench_id: id }), id);
      const model = await pickModel(state, 'Switch the Workshop model', ws?.active_model_id, false);
      if (model && model !== ws?.active_model_id) {
        await guarded(() => state.engine().request(WorkshopSetActiveModel, { workbench_id: id, model_id: model }), id);
      }
    }),
    vscode.commands.registerCommand('trestle.model.setUserDefault', async () => {
      const cur = await guarded(() => state.engine().request(UserGetDefaultModel, {}));
      const model = await pickModel(state, 'Default model for new Workbenches', cur?.model_id, true, 'current default');
      if (model) {
        const ok = await guarded(() => state.engine().request(UserSetDefaultModel, { model_id: model }));
        if (ok) {
          void vscode.window.showInformationMessage(`New Workbenches will use ${model}.`);
        }
      }
    }),
    vscode.commands.registerCommand('trestle.model.setWorkbenchDefault', async (arg?: unknown) => {
      const id = workbenchIdOf(state, arg);
      const model = await pickModel(state, 'Default model of this Workbench (the active model is unchanged)', state.workbench?.default_model_id, true, 'current default');
      if (model) {
        await guarded(() => state.engine().request(WorkbenchSetDefaultModel, { workbench_id: id, model_id: model }), id);
        await state.reloadSelected();
      }
    }),
  ];
}
