/**
 * The consent gate (spec rpc.md §5 "Consent"): a native modal naming provider, model, endpoint host, files and
 * scope hash. A grant is only ever issued from this modal (never from a webview message), with the exact scope hash.
 */
import * as vscode from 'vscode';
import type { TrestleState } from '../state';
import { EngineError } from '../engine';
import { CONSENT_CONTINUE, CONSENT_PERSIST, consentText } from '../logic/consent';
import {
  EgressGetConsentStatus, EgressGrantWorkshopConsent, EgressRevokeWorkshopConsent, type ErrorInfo, WorkbenchFilesList,
} from '../protocol';
import { guarded, showError } from './errors';
import { workbenchIdOf } from './workbenchCommands';

/** The binding to consent to: from an `EGRESS_CONSENT_REQUIRED` error, or from `EgressGetConsentStatus`. */
interface Binding {
  provider_id: string;
  model_id: string;
  endpoint_host: string;
  scope_hash: string;
}

/**
 * Makes sure consent exists for the workbench's current binding, asking the user when needed.
 * Returns false when the user declined or the binding cannot be determined.
 */
export async function ensureConsent(state: TrestleState, workbenchId: string, fromError?: ErrorInfo): Promise<boolean> {
  const engine = state.engine();
  let binding: Binding;
  if (fromError?.provider_id && fromError.model_id && fromError.endpoint_host && fromError.scope_hash) {
    binding = { provider_id: fromError.provider_id, model_id: fromError.model_id, endpoint_host: fromError.endpoint_host, scope_hash: fromError.scope_hash };
  } else {
    const s = await engine.request(EgressGetConsentStatus, { workbench_id: workbenchId });
    if (s.consented) {
      return true;
    }
    if (!s.endpoint_host) {
      // Endpoint invalid: the model call itself reports EGRESS_BLOCKED_BY_POLICY; nothing to consent to.
      return true;
    }
    binding = { provider_id: s.provider_id, model_id: s.model_id, endpoint_host: s.endpoint_host, scope_hash: s.scope_hash };
  }
  const [models, providers, files] = await Promise.all([
    state.models(), state.providers(), engine.request(WorkbenchFilesList, { workbench_id: workbenchId }),
  ]);
  const text = consentText({
    workbenchName: state.workbench?.id === workbenchId ? state.workbench.name : workbenchId,
    providerId: binding.provider_id,
    providerName: providers.find((p) => p.provider_id === binding.provider_id)?.display_name ?? binding.provider_id,
    modelId: binding.model_id,
    modelName: models.find((m) => m.model_id === binding.model_id)?.display_name ?? binding.model_id,
    endpointHost: binding.endpoint_host,
    scopeHash: binding.scope_hash,
    files: files.files,
  });
  // Cancel is implicit (closing the modal); the first button is not pre-selected as a "default" grant of persistence.
  const choice = await vscode.window.showWarningMessage(text.message, { modal: true, detail: text.detail }, CONSENT_CONTINUE, CONSENT_PERSIST);
  if (choice !== CONSENT_CONTINUE && choice !== CONSENT_PERSIST) {
    return false;
  }
  try {
    await engine.request(EgressGrantWorkshopConsent, {
      workbench_id: workbenchId,
      provider_id: binding.provider_id,
      model_id: binding.model_id,
      scope_hash: binding.scope_hash,
      persist: choice === CONSENT_PERSIST,
    });
    return true;
  } catch (err) {
    await showError(err, { workbenchId });
    return false;
  }
}

/**
 * Runs a model call: asks for consent first, and once more on `EGRESS_CONSENT_REQUIRED` (then retries).
 * Returns undefined when the user declined; other errors propagate.
 */
export async function withConsent<T>(state: TrestleState, workbenchId: string, call: () => Promise<T>): Promise<T | undefined> {
  if (!(await ensureConsent(state, workbenchId))) {
    return undefined;
  }
  try {
    return await call();
  } catch (err) {
    if (err instanceof EngineError && err.info?.error_code === 'EGRESS_CONSENT_REQUIRED') {
      if (!(await ensureConsent(state, workbenchId, err.info))) {
        return undefined;
      }
      return await call();
    }
    throw err;
  }
}

export function registerConsentCommands(state: TrestleState): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('trestle.consent.revoke', async (arg?: unknown) => {
      const id = workbenchIdOf(state, arg);
      const ok = await guarded(() => state.engine().request(EgressRevokeWorkshopConsent, { workbench_id: id }), id);
      if (ok) {
        void vscode.window.showInformationMessage('Consent revoked: the next model call will ask again.');
      }
    }),
  ];
}
