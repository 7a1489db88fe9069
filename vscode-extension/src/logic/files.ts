/** The Workbench files as the tree shows them (pure): sort, filter, when to auto-expand. */
import type { FileEntry } from '../protocol';

/** How the files of a Workbench are ordered in the tree. */
export type FileSort = 'name' | 'size' | 'added';

/** The selected Workbench opens expanded only up to this many files; a larger one stays collapsed. */
export const AUTO_EXPAND_MAX_FILES = 50;

/** Sorts and filters file entries for the tree (pure). */
export function arrangeFiles(files: FileEntry[], sort: FileSort, filter: string): FileEntry[] {
  const f = filter.trim().toLowerCase();
  const shown = f ? files.filter((x) => x.path.toLowerCase().includes(f)) : [...files];
  const byName = (a: FileEntry, b: FileEntry): number => a.path.localeCompare(b.path);
  switch (sort) {
    case 'size':
      return shown.sort((a, b) => b.size - a.size || byName(a, b));
    case 'added':
      return shown.sort((a, b) => b.added_at.localeCompare(a.added_at) || byName(a, b));
    default:
      return shown.sort(byName);
  }
}
