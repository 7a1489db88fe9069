/**
 * Draft review helpers (pure): diff titles, the identity of review documents and the per-file review state
 * (which changes the person accepted) of the Draft Review view.
 */
import type { ChangeSetEntry } from '../protocol';

/** Title of the read-only diff editor for one change. */
export function reviewTitle(c: ChangeSetEntry): string {
  const note = c.change_type === 'added' ? ', new file' : c.change_type === 'deleted' ? ', deleted' : '';
  return `${c.path} (Published ↔ Draft${note})`;
}

/** Query string marking a review document as belonging to one Workbench (and, with `filePath`, to one change). */
export function reviewQuery(workbenchId: string, filePath?: string): string {
  const q = new URLSearchParams({ workbench: workbenchId });
  if (filePath !== undefined) {
    q.set('file', filePath);
  }
  return q.toString();
}

/** True when a review document's query names `workbenchId`. */
export function isReviewOf(query: string, workbenchId: string): boolean {
  return new URLSearchParams(query).get('workbench') === workbenchId;
}

/** The Workbench and file a review document shows, or undefined for any other document. */
export function reviewFileOf(query: string): { workbenchId: string; path: string } | undefined {
  const q = new URLSearchParams(query);
  const workbenchId = q.get('workbench');
  const path = q.get('file');
  return workbenchId && path ? { workbenchId, path } : undefined;
}

const CHANGE_WORDS: Record<ChangeSetEntry['change_type'], string> = {
  modified: 'changed', added: 'new file', deleted: 'deleted',
};

/** One row of the Draft Review view. */
export interface ReviewRow {
  path: string;
  change: ChangeSetEntry['change_type'];
  accepted: boolean;
  description: string;
  tooltip: string;
}

/**
 * Which changes of the current Draft the person accepted. A change is identified by the Draft, its path and its kind,
 * so a new Draft (a new `draft_id`) or a different change to the same path starts unreviewed again; a Draft's content
 * changes only by rejecting a file, which removes that change. Accepting is keeping (decision 29): nothing is sent to
 * the engine, the mark only tracks the person's progress.
 */
export class ReviewState {
  private draftId: string | undefined;
  private changes: ChangeSetEntry[] = [];
  private readonly accepted = new Set<string>();

  /**
   * Takes the Draft's current change list (`draftId` undefined: no Draft, or none known while the engine restarts).
   * Marks of another Draft are dropped once a Draft is known; a gap without one (an engine restart) keeps them, so the
   * same Draft coming back keeps its review.
   */
  update(draftId: string | undefined, changes: readonly ChangeSetEntry[]): void {
    this.draftId = draftId;
    this.changes = draftId === undefined ? [] : [...changes].sort((a, b) => a.path.localeCompare(b.path));
    if (draftId === undefined) {
      return;
    }
    const keys = new Set(this.changes.map((c) => this.key(c)));
    for (const k of [...this.accepted]) {
      if (!keys.has(k)) {
        this.accepted.delete(k);
      }
    }
  }

  /** Marks the change to `path` accepted; false when the Draft has no such change. */
  accept(path: string): boolean {
    const c = this.changes.find((x) => x.path === path);
    if (!c) {
      return false;
    }
    this.accepted.add(this.key(c));
    return true;
  }

  isAccepted(path: string): boolean {
    const c = this.changes.find((x) => x.path === path);
    return c !== undefined && this.accepted.has(this.key(c));
  }

  /** True when the Draft has changes and every one is accepted (the moment to offer Publish). */
  allAccepted(): boolean {
    return this.changes.length > 0 && this.changes.every((c) => this.accepted.has(this.key(c)));
  }

  /** Changes not accepted yet. */
  pending(): number {
    return this.changes.filter((c) => !this.accepted.has(this.key(c))).length;
  }

  rows(): ReviewRow[] {
    return this.changes.map((c) => {
      const accepted = this.accepted.has(this.key(c));
      const what = CHANGE_WORDS[c.change_type];
      return {
        path: c.path, change: c.change_type, accepted,
        description: accepted ? `${what} · accepted` : what,
        tooltip: `${c.path}: ${what} in the Draft.\n${accepted
          ? 'Accepted: it is published with the Draft.'
          : 'Click to see the change. Accept keeps it; Reject puts the Published version back into the Draft.'}`,
      };
    });
  }

  private key(c: ChangeSetEntry): string {
    return `${this.draftId ?? ''}\u0000${c.change_type}\u0000${c.path}`;
  }
}

/** A change list's identity, to skip redrawing views when a re-read found the same changes. */
export function changesSignature(draftId: string | undefined, changes: readonly ChangeSetEntry[]): string {
  return JSON.stringify([draftId ?? null, [...changes].sort((a, b) => a.path.localeCompare(b.path)).map((c) => [c.path, c.change_type])]);
}
