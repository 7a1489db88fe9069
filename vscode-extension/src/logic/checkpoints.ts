/** Checkpoint presentation rules (pure). */
import type { CheckpointMetadata, CheckpointReason } from '../protocol';
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
