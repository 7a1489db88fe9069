/** Text of the native consent modal (spec rpc.md §5 "Consent"), built without VS Code. */
import type { FileEntry } from '../protocol';
import { formatBytes } from './format';

/** Button labels; "don't ask again" is never the default (a modal's default is its first button). */
export const CONSENT_CONTINUE = 'Continue';
export const CONSENT_PERSIST = 'Continue and don\'t ask again for this workbench';

/** Everything the user consents to: provider, model, endpoint host and the exact scope. */
export interface ConsentRequest {
  workbenchName: string;
  providerId: string;
  providerName: string;
  modelId: string;
  modelName: string;
  endpointHost: string;
  scopeHash: string;
  files: Pick<FileEntry, 'path' | 'size'>[];
}

/** At most this many files are listed one per line; the rest are summarised. */
export const MAX_LISTED_FILES = 25;

/** Message and detail for the modal. */
export function consentText(req: ConsentRequest): { message: string; detail: string } {
  // "OpenAI GPT-5.2" already names its provider: say it once.
  const who = req.modelName.toLowerCase().startsWith(req.providerName.toLowerCase()) ? req.modelName : `${req.providerName} ${req.modelName}`;
  const message = `Send "${req.workbenchName}" to ${who}?`;
  const total = req.files.reduce((a, f) => a + f.size, 0);
  const lines = [
    `Provider: ${req.providerName} (${req.providerId})`,
    `Model: ${req.modelName} (${req.modelId})`,
    `Endpoint host: ${req.endpointHost}`,
    `Files in scope: ${req.files.length} (${formatBytes(total)})`,
  ];
  for (const f of req.files.slice(0, MAX_LISTED_FILES)) {
    lines.push(`  • ${f.path} — ${formatBytes(f.size)}`);
  }
  if (req.files.length > MAX_LISTED_FILES) {
    lines.push(`  … and ${req.files.length - MAX_LISTED_FILES} more`);
  }
  lines.push(`Scope hash: ${req.scopeHash}`);
  lines.push('');
  lines.push('These file copies and the conversation will be sent to that host. Consent ends when the files, model or endpoint change.');
  return { message, detail: lines.join('\n') };
}
