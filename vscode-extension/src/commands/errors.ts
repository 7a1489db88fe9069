/** Shows engine errors as messages whose buttons come from `ErrorInfo.actions` (spec rpc.md §5 "Errors"). */
import * as vscode from 'vscode';
import { EngineError } from '../engine';
import { presentError } from '../logic/errors';
import type { ErrorInfo } from '../protocol';

/** What the buttons do; the command wiring supplies these. */
export interface ErrorActionHandlers {
  retry?: () => Promise<unknown>;
  workbenchId?: string;
}

/** Shows `err`. ErrorInfo actions map to commands; other failures show their message. */
export async function showError(err: unknown, handlers: ErrorActionHandlers = {}): Promise<void> {
  const info = err instanceof EngineError ? err.info : undefined;
  if (!info) {
    const msg = err instanceof Error ? err.message : String(err);
    await vscode.window.showErrorMessage(msg);
    return;
  }
  await showErrorInfo(info, handlers);
}

/** Shows one {@link ErrorInfo} and runs the chosen action. */
export async function showErrorInfo(info: ErrorInfo, handlers: ErrorActionHandlers = {}): Promise<void> {
  const p = presentError(info);
  const buttons = p.buttons.filter((b) => b.action !== 'retry' || handlers.retry !== undefined);
  const show = p.severe ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  const text = `${p.message} (${info.error_code})`;
  const choice = await show(text, { detail: p.detail }, ...buttons.map((b) => b.label));
  const picked = buttons.find((b) => b.label === choice);
  if (!picked) {
    return;
  }
  const wb = handlers.workbenchId ?? info.workbench_id;
  switch (picked.action) {
    case 'retry':
      try {
        await handlers.retry?.();
      } catch (e) {
        await showError(e, handlers);
      }
      break;
    case 'open_settings':
      await vscode.commands.executeCommand('trestle.providers.manage');
      break;
    case 'switch_model':
      await vscode.commands.executeCommand('trestle.model.pick');
      break;
    case 'restore_checkpoint':
      await vscode.commands.executeCommand('trestle.checkpoints.focus');
      break;
    case 'review_draft':
      await vscode.commands.executeCommand('trestle.draft.review', wb);
      break;
    case 'discard_draft':
      await vscode.commands.executeCommand('trestle.draft.discard', wb);
      break;
    case 'remove_files':
      await vscode.commands.executeCommand('trestle.clutter.removeItem', wb);
      break;
  }
}

/**
 * Runs `fn`, showing any failure; the Retry button (when the error allows it) runs `fn` again.
 * Returns the result or `undefined` after a shown failure.
 */
export async function guarded<T>(fn: () => Promise<T>, workbenchId?: string): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    await showError(err, { retry: fn, workbenchId });
    return undefined;
  }
}
