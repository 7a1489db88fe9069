/** Checkpoint presentation rules (pure). */
import { type CheckpointDiff, type CheckpointMetadata, type CheckpointReason, type CheckpointStore, CheckpointCreated, CheckpointPinChanged, CheckpointRestored, DraftStateChanged, WorkbenchFilesChanged } from '../protocol';
import { formatBytes, formatTime } from './format';

const REASON_BADGES: Record<CheckpointReason, string> = {
  auto: 'Auto',
  manual: 'Manual',
  publish: 'Publish',
  pre_restore: 'Pre-restore',
};

/** Short badge for a reason; unknown reasons read as `Auto` (as retention treats them). */
export function reasonBadge(reason: string): string {
  return REASON_BADGES[reason as CheckpointReason] ?? 'Auto';
}

/** Newest first by (created_at, checkpoint_id), whatever order the engine used. */
export function sortNewestFirst(list: CheckpointMetadata[]): CheckpointMetadata[] {
  return [...list].sort((a, b) =>
    a.created_at === b.created_at ? b.checkpoint_id.localeCompare(a.checkpoint_id) : b.created_at.localeCompare(a.created_at));
}

/** Text of the restore confirmation, saying what changes and what is kept. */
export function restoreConfirmation(cp: CheckpointMetadata, current: { files: number; bytes: number }): { message: string; detail: string } {
  return {
    message: `Restore the Workbench to the checkpoint of ${formatTime(cp.created_at)}?`,
    detail: [
      `"${cp.description}" (${reasonBadge(cp.reason)})`,
      `Published files now: ${current.files} (${formatBytes(current.bytes)}) → after restore: ${cp.stats.files} (${formatBytes(cp.stats.total_bytes)}).`,
      'The published files are replaced by the checkpoint\'s files. The current state is saved first as a pre-restore checkpoint, so this can be undone.',
      'Your original source files are never touched.',
    ].join('\n'),
  };
}

/** One row of a checkpoint comparison, from the point of view of restoring the checkpoint's version of the file. */
export interface ChangeRow {
  path: string;
  /** `changed`: both sides differ; `added`: only on the newer side; `removed`: only in the checkpoint (`from`). */
  kind: 'added' | 'removed' | 'changed';
  /** Size in the checkpoint (`from`), or undefined when it lacks the file. */
  fromSize?: number;
  /** Size on the other side (`to` or the current files), or undefined when it lacks the file. */
  toSize?: number;
}

/** The changed files of a `CheckpointsDiff`, one row each, in name order. */
export function changeRows(diff: CheckpointDiff): ChangeRow[] {
  const rows: ChangeRow[] = [
    ...diff.added.map((e): ChangeRow => ({ path: e.path, kind: 'added', toSize: e.size })),
    ...diff.removed.map((e): ChangeRow => ({ path: e.path, kind: 'removed', fromSize: e.size })),
    ...diff.changed.map((c): ChangeRow => ({ path: c.path, kind: 'changed', fromSize: c.from_size, toSize: c.to_size })),
  ];
  return rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Short text for a row; `other` names the newer side ("now" for the current files). */
export function changeDescription(row: ChangeRow, other = 'now'): string {
  switch (row.kind) {
    case 'added':
      return `added since (${formatBytes(row.toSize ?? 0)} ${other})`;
    case 'removed':
      return `removed since (${formatBytes(row.fromSize ?? 0)} in the checkpoint)`;
    default:
      return `changed: ${formatBytes(row.fromSize ?? 0)} → ${formatBytes(row.toSize ?? 0)}`;
  }
}

/** What restoring one file from the checkpoint does to it, for the confirmation. */
export function restoreFileText(row: ChangeRow, cp: CheckpointMetadata): { message: string; detail: string } {
  const what = row.kind === 'added'
    ? `${row.path} did not exist then: restoring removes it from the Workbench.`
    : row.kind === 'removed'
      ? `${row.path} comes back as it was then (${formatBytes(row.fromSize ?? 0)}).`
      : `${row.path} goes back to its version of then (${formatBytes(row.fromSize ?? 0)}).`;
  return {
    message: `Restore ${row.path} from the checkpoint of ${formatTime(cp.created_at)}?`,
    detail: [what, 'Every other file stays as it is. The current state is saved first as a pre-restore checkpoint, so this can be undone.'].join('\n'),
  };
}

/** The Checkpoints view description: Workbench name, then the store's size on disk (and its budget, when set). */
export function storeDescription(workbenchName: string, store: CheckpointStore): string {
  const budget = store.max_bytes ? ` of ${formatBytes(store.max_bytes)} budget` : '';
  return `${workbenchName} · store ${store.objects} objects, ${formatBytes(store.bytes)} on disk${budget}`;
}

/** Scheme of the read-only documents holding a file as a checkpoint has it. */
export const CHECKPOINT_SCHEME = 'trestle-checkpoint';

/** Where a checkpoint's file is addressed: Workbench, checkpoint, name; `absent` for "the checkpoint lacks it". */
export interface CheckpointFileRef { workbenchId: string; checkpointId: string; path: string; absent: boolean }

/** The URI parts (path and query) of a checkpoint's file; the file name ends the path so editors show it. */
export function checkpointFileUri(ref: CheckpointFileRef): { path: string; query: string } {
  const q = new URLSearchParams({ wb: ref.workbenchId, cp: ref.checkpointId, name: ref.path });
  if (ref.absent) {
    q.set('absent', '1');
  }
  return { path: `/${ref.checkpointId.slice(-6)}/${ref.path}`, query: q.toString() };
}

/** The reference a {@link checkpointFileUri} query carries, or undefined when it is not one. */
export function parseCheckpointFileQuery(query: string): CheckpointFileRef | undefined {
  const q = new URLSearchParams(query);
  const workbenchId = q.get('wb');
  const checkpointId = q.get('cp');
  const name = q.get('name');
  if (!workbenchId || !checkpointId || !name) {
    return undefined;
  }
  return { workbenchId, checkpointId, path: name, absent: q.get('absent') === '1' };
}

/**
 * The notifications after which the Checkpoints view lists again (for the selected Workbench): a checkpoint made,
 * restored or (un)pinned by any client of the engine, a Draft opened or closed, and files changed (adding files adds
 * store objects, so the store count in the title changes).
 */
export const CHECKPOINTS_VIEW_REFRESH = [CheckpointCreated, CheckpointRestored, CheckpointPinChanged, DraftStateChanged, WorkbenchFilesChanged] as const;
