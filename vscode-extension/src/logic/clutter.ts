/** Rendering of the clutter meter (spec algorithms.md §6) for the status bar, without VS Code. */
import type { ClutterItem, ClutterState, FileEntry } from '../protocol';
import { formatBytes, formatCount, formatTokens } from './format';

/** Number of blocks in the meter. */
export const CLUTTER_BLOCKS = 10;

/** What the status bar item shows for one {@link ClutterState}. */
export interface ClutterView {
  /** Status bar text, e.g. `Clutter ██░░░░░░░░ Light 13%`. */
  text: string;
  /** Multi-line tooltip naming the model and its window. */
  tooltip: string;
  /** True at `Heavy`: the item takes the warning colour. */
  warning: boolean;
}

/** Filled block count: proportional to the score, at least one block for any non-zero score. */
export function filledBlocks(score: number): number {
  const s = clamp01(score);
  if (s === 0) {
    return 0;
  }
  return Math.min(CLUTTER_BLOCKS, Math.max(1, Math.round(s * CLUTTER_BLOCKS)));
}

/** Renders the meter; `modelName` is the display name of `state.model_id` when known. */
export function renderClutter(state: ClutterState, modelName?: string): ClutterView {
  const score = clamp01(state.score);
  const filled = filledBlocks(score);
  const bar = '█'.repeat(filled) + '░'.repeat(CLUTTER_BLOCKS - filled);
  const over = overflowFactor(state);
  const percent = Math.round(score * 100);
  const amount = over ? `${over} the window` : `${percent}%`;
  const heavy = state.level === 'Heavy';
  const text = `Clutter ${bar} ${state.level} ${amount}${over ? ' — does not fit' : heavy ? ' — context nearly full' : ''}`;
  const lines = [
    `Clutter: ${state.level} (${over ? `${over} the model's window: it does not fit` : `${percent}%`})`,
    `Model: ${modelName ?? state.model_id} (${state.model_id})`,
  ];
  if (state.usable_context_tokens === undefined) {
    lines.push(`Estimated prompt: ${formatCount(state.usage_tokens_estimate)} of ${formatCount(state.context_tokens_estimate)} tokens`);
  } else {
    lines.push(
      `Next request: ${formatCount(state.usage_tokens_estimate)} of ${formatCount(state.usable_context_tokens)} usable tokens`
        + ` (window ${formatCount(state.context_tokens_estimate)} − ${formatCount(state.reserved_output_tokens)} for the reply)`,
      `Counted: ${SOURCE_LABELS[state.source] ?? state.source} (±${state.error_band_percent}%)`,
    );
    const largest = largestItems(state, LARGEST_SHOWN);
    if (largest.length > 0) {
      lines.push('Largest:');
      for (const i of largest) {
        lines.push(`  ${itemLabel(i)}: ${formatCount(i.tokens)} tokens`);
      }
    }
    lines.push('Click to remove a file from the Workbench.');
  }
  if (heavy) {
    lines.push('Heavy: remove files or switch to a model with a larger window. Clutter never blocks a request.');
  }
  return { text, tooltip: lines.join('\n'), warning: heavy };
}

/** Items named in the tooltip. */
export const LARGEST_SHOWN = 5;

const SOURCE_LABELS: Record<ClutterState['source'], string> = {
  exact: 'exact (the model\'s own tokenizer)',
  calibrated: 'calibrated from the provider\'s reported usage',
  estimated: 'estimated (no usage reported yet, or still counting)',
};

/** The non-empty breakdown items, largest first (at most `n`). */
export function largestItems(state: ClutterState, n: number): ClutterItem[] {
  return (state.breakdown ?? []).filter((i) => i.tokens > 0).sort((a, b) => b.tokens - a.tokens).slice(0, n);
}

/** Files that can be removed from the Workbench, largest first: what the remove command offers. */
export function removableFiles(state: ClutterState): ClutterItem[] {
  return (state.breakdown ?? []).filter((i) => i.kind === 'file' && i.path !== undefined)
    .sort((a, b) => b.tokens - a.tokens);
}

/** How an item is named: the file name, or what it stands for. */
export function itemLabel(i: ClutterItem): string {
  switch (i.kind) {
    case 'file': return i.path ?? 'file';
    case 'other_files': return `${i.files ?? 0} other files`;
    case 'system': return 'instructions and manifest';
    case 'conversation': return 'conversation';
    case 'stream': return 'reply so far';
  }
}

function clamp01(n: number): number {
  if (!Number.isFinite(n) || n < 0) {
    return 0;
  }
  return n > 1 ? 1 : n;
}

/** "11×" when the estimated prompt is larger than the window (the score stops at 100%), else undefined. */
export function overflowFactor(state: ClutterState): string | undefined {
  // the score's denominator: the usable window (the model's window less the output reserve)
  const window = state.usable_context_tokens > 0 ? state.usable_context_tokens : state.context_tokens_estimate;
  if (!(window > 0) || state.usage_tokens_estimate <= window) {
    return undefined;
  }
  const f = state.usage_tokens_estimate / window;
  return `${f < 10 ? (Math.floor(f * 10) / 10).toString() : Math.floor(f).toString()}×`;
}

/** One file of the Workshop's "Files in scope" list. */
export interface ScopeFile {
  path: string;
  size: string;
  /** Its share of the next request, e.g. `4.2k tokens`; absent when the breakdown sums it into "other files". */
  tokens?: string;
}

/**
 * The files in scope with the tokens each adds to the next request, from the clutter breakdown (which names the
 * largest files and sums the rest into one `other_files` item, decision 18). Largest first, then by name; `other`
 * summarises the files without their own count, e.g. `3 other files: 1.2k tokens`.
 */
export function scopeFiles(files: FileEntry[], clutter: ClutterState | undefined): { files: ScopeFile[]; other?: string } {
  const tokens = new Map<string, number>();
  let other: ClutterItem | undefined;
  for (const i of clutter?.breakdown ?? []) {
    if (i.kind === 'file' && i.path !== undefined) {
      tokens.set(i.path, i.tokens);
    } else if (i.kind === 'other_files') {
      other = i;
    }
  }
  const rows = files.map((f) => {
    const t = tokens.get(f.path);
    const row: ScopeFile = { path: f.path, size: formatBytes(f.size) };
    if (f.is_opaque) {
      row.tokens = 'not sent';
    } else if (t !== undefined) {
      row.tokens = formatTokens(t);
    }
    return { row, t: t ?? -1 };
  });
  rows.sort((a, b) => b.t - a.t || a.row.path.localeCompare(b.row.path));
  const count = other?.files ?? 0;
  return {
    files: rows.map((r) => r.row),
    ...(other && count > 0 ? { other: `${count} other file${count === 1 ? '' : 's'}: ${formatTokens(other.tokens)}` } : {}),
  };
}
