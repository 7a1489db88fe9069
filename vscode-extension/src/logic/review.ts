/** Draft review helpers (pure): diff titles and the identity of review documents. */
import type { ChangeSetEntry } from '../protocol';

/** Title of the read-only diff editor for one change. */
export function reviewTitle(c: ChangeSetEntry): string {
  const note = c.change_type === 'added' ? ', new file' : c.change_type === 'deleted' ? ', deleted' : '';
  return `${c.path} (Published ↔ Draft${note})`;
}

/** Query string marking a review document as belonging to one Workbench. */
export function reviewQuery(workbenchId: string): string {
  return `workbench=${encodeURIComponent(workbenchId)}`;
}

/** True when a review document's query names `workbenchId`. */
export function isReviewOf(query: string, workbenchId: string): boolean {
  return new URLSearchParams(query).get('workbench') === workbenchId;
}
