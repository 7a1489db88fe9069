/** Providers: list with status badges, key entry (password box; never stored here), validate, enable/disable, clear. */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { providerBadge } from '../logic/models';
import { presentError } from '../logic/errors';
import { humanTime } from '../logic/format';
import { type ProviderStatus, ProvidersClearApiKey, ProvidersSetApiKey, ProvidersSetEnabled, ProvidersValidate } from '../protocol';
import { guarded, showError } from './errors';
import { EngineError } from '../engine';

interface ProviderItem extends vscode.QuickPickItem {
  provider: ProviderStatus;
}

interface ActionItem extends vscode.QuickPickItem {
  action: 'key' | 'validate' | 'toggle' | 'clear';
}

export function registerProviderCommands(state: TrestleState): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('trestle.providers.manage', async () => {
      for (;;) {
        const providers = await guarded(() => state.providers());
        if (!providers) {
          return;
        }
        const items: ProviderItem[] = providers.map((p) => ({
          label: p.display_name,
          description: `${providerBadge(p)}${p.endpoint_host ? ` · ${p.endpoint_host}` : ''}`,
          detail: p.last_error ? `Last error: ${presentError(p.last_error).message} (${p.last_error.error_code})`
            : p.configured && p.last_validated_at ? `Validated ${humanTime(p.last_validated_at)}` : undefined,
          provider: p,
        }));
        // The list comes back after every action; a modal (Clear Key) gives focus back to whatever had it before
        // (often the Workshop webview) just as the list reopens, which would close it at once: it stays until Escape.
        const picked = await vscode.window.showQuickPick(items, {
          title: 'Trestle Providers',
          placeHolder: 'Pick a provider to configure',
          ignoreFocusOut: true,
        });
        if (!picked) {
          return;
        }
        await manageOne(state, picked.provider);
      }
    }),
  ];
}

async function manageOne(state: TrestleState, p: ProviderStatus): Promise<void> {
  const actions: ActionItem[] = [
    { label: p.configured ? '$(key) Replace API key…' : '$(key) Set API key…', description: 'stored encrypted by the engine', action: 'key' },
  ];
  if (p.configured) {
    actions.push({ label: '$(pass) Validate key', description: 'one cheap authenticated call', action: 'validate' });
  }
  actions.push({ label: p.enabled ? '$(circle-slash) Disable provider' : '$(check) Enable provider', description: 'the key is kept', action: 'toggle' });
  if (p.configured) {
    actions.push({ label: '$(trash) Clear API key', action: 'clear' });
  }
  const a = await vscode.window.showQuickPick(actions, { title: `${p.display_name}: ${providerBadge(p)}` });
  const engine = state.engine();
  switch (a?.action) {
    case 'key': {
      const key = await vscode.window.showInputBox({
        title: `${p.display_name} API key`,
        prompt: 'Sent once to the local engine, which stores it encrypted. The extension never keeps it.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim().length === 0 ? 'Enter a key.' : /[^\x21-\x7e]/.test(v.trim()) ? 'The key contains characters that are not allowed.' : undefined),
      });
      if (key === undefined) {
        return;
      }
      const saved = await guarded(() => engine.request(ProvidersSetApiKey, { provider_id: p.provider_id, api_key: key.trim() }));
      if (saved) {
        await validate(state, p);
      }
      return;
    }
    case 'validate':
      await validate(state, p);
      return;
    case 'toggle':
      await guarded(() => engine.request(ProvidersSetEnabled, { provider_id: p.provider_id, enabled: !p.enabled }));
      await state.reloadSelected();
      return;
    case 'clear': {
      const clear = 'Clear Key';
      if (await vscode.window.showWarningMessage(`Clear the ${p.display_name} API key?`, { modal: true }, clear) === clear) {
        await guarded(() => engine.request(ProvidersClearApiKey, { provider_id: p.provider_id }));
        await state.reloadSelected();
      }
      return;
    }
    default:
      return;
  }
}

async function validate(state: TrestleState, p: ProviderStatus): Promise<void> {
  // The spinner ends when the call does; a failure is shown after it, not next to it.
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Validating the ${p.display_name} key…` },
    () => state.engine().request(ProvidersValidate, { provider_id: p.provider_id }).then(() => undefined, (err: unknown) => ({ err })));
  await state.reloadSelected();
  if (outcome) {
    // Name the endpoint too: the engine's validation error carries the provider, the host is in its status.
    const e = outcome.err;
    const named = e instanceof EngineError && e.info && !e.info.endpoint_host && p.endpoint_host
      ? new EngineError(e.method, { ...e.info, endpoint_host: p.endpoint_host }, e.code, e.message) : e;
    await showError(named, { retry: () => validate(state, p) });
    return;
  }
  void vscode.window.showInformationMessage(`${p.display_name}: key is valid.`);
}
