/** Shows engine errors as messages whose buttons come from `ErrorInfo.actions` (spec rpc.md §5 "Errors"). */
import * as vscode from 'vscode';
import { EngineError } from '../engine';
import { isTransportFailure } from '../engineLink';
import { formatWait, presentError } from '../logic/errors';
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
    await vscode.window.showErrorMessage(plainMessage(err));
    return;
  }
  await showErrorInfo(info, handlers);
}

/** The text shown for a failure without ErrorInfo: never the transport's own words. */
export function plainMessage(err: unknown): string {
  if (isTransportFailure(err) && !(err instanceof Error && err.name === 'EngineUnavailable')) {
    return 'The connection to the Trestle engine failed. It restarts on its own; try again once it is back.';
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Counts down `seconds` in a notification ("… Retry in 1 min 58 s"); resolves true when the time is up, false when
 * the person closed it.
 */
export async function countdown(message: string, seconds: number): Promise<boolean> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: message, cancellable: true }, (progress, token) =>
    new Promise<boolean>((resolve) => {
      const end = Date.now() + Math.ceil(seconds) * 1000;
      const tick = (): void => {
        const left = Math.ceil((end - Date.now()) / 1000);
        if (left <= 0) {
          clearInterval(timer);
          resolve(true);
          return;
        }
        progress.report({ message: `Retry in ${formatWait(left)}…` });
      };
      const timer = setInterval(tick, 1000);
      tick();
      token.onCancellationRequested(() => {
        clearInterval(timer);
        resolve(false);
      });
    }));
}

/** Shows one {@link ErrorInfo} and runs the chosen action. */
export async function showErrorInfo(info: ErrorInfo, handlers: ErrorActionHandlers = {}): Promise<void> {
  if (info.error_code === 'USER_CANCELED') {
    return; // the person's own Cancel: nothing to warn about
  }
  const p = presentError(info);
  const buttons = p.buttons.filter((b) => b.action !== 'retry' || handlers.retry !== undefined);
  const show = p.severe ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  let text = `${p.message} (${info.error_code})`;
  const retryAfter = info.retry_after_seconds;
  if (retryAfter !== undefined && retryAfter > 0 && buttons.some((b) => b.action === 'retry')) {
    // Retry only once the provider's wait is over; the countdown says how long.
    if (!(await countdown(p.message, retryAfter))) {
      return;
    }
    text = `${p.message.replace(/ It asked to wait [^.]*\.$/, '')} The wait is over: you can retry now. (${info.error_code})`;
  }
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
