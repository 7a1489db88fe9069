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

/** The Workbench and file a review document (either side of a review diff) shows, from its URI parts. */
export function reviewTarget(query: string, uriPath: string): { workbenchId: string; path: string } | undefined {
  const workbenchId = new URLSearchParams(query).get('workbench');
  const m = /\/(?:draft|published)\/([^/]+)$/.exec(uriPath);
  return workbenchId && m ? { workbenchId, path: m[1] } : undefined;
}

/** Description of a change in the Draft review list: what the Draft does to the file, and whether it was accepted. */
export function changeDescription(c: ChangeSetEntry, accepted: boolean): string {
  const what = c.change_type === 'added' ? 'new file' : c.change_type === 'deleted' ? 'deleted' : 'changed';
  return accepted ? `${what} · accepted` : what;
}

/** What is left to do after a review step: a short line for the person. */
export function reviewProgress(total: number, accepted: number): string {
  if (total === 0) {
    return 'No changes are left in the Draft: publishing it changes nothing. Discard it, or keep it to publish later.';
  }
  const pending = total - accepted;
  return pending === 0
    ? `All ${total} change(s) accepted: publish to make them Published.`
    : `${pending} of ${total} change(s) still to review; publishing keeps every change that was not rejected.`;
}
