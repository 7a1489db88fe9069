/** Java discovery rules (pure): candidate order and `java -version` parsing. */
import * as path from 'node:path';

/** Where a Java candidate came from, in the order they are tried. */
export type JavaSource = 'trestle.java.home' | 'bundled runtime' | 'JAVA_HOME' | 'PATH';

/** One executable to try. */
export interface JavaCandidate {
  source: JavaSource;
  executable: string;
}

/** Minimum Java feature release the engine needs. */
export const MIN_JAVA = 17;

/**
 * Candidates in order: the `trestle.java.home` setting, then the runtime bundled in a platform-specific package,
 * then `JAVA_HOME`, then every `PATH` entry. A configured setting is the only candidate (an explicit choice is never
 * silently replaced).
 */
export function javaCandidates(opts: { setting?: string; bundledHome?: string; javaHome?: string; pathEnv?: string; platform: string }): JavaCandidate[] {
  const p = opts.platform === 'win32' ? path.win32 : path.posix;
  const exe = opts.platform === 'win32' ? 'java.exe' : 'java';
  const setting = opts.setting?.trim();
  if (setting) {
    return [{ source: 'trestle.java.home', executable: p.join(setting, 'bin', exe) }];
  }
  const out: JavaCandidate[] = [];
  if (opts.bundledHome) {
    out.push({ source: 'bundled runtime', executable: p.join(opts.bundledHome, 'bin', exe) });
  }
  const home = opts.javaHome?.trim();
  if (home) {
    out.push({ source: 'JAVA_HOME', executable: p.join(home, 'bin', exe) });
  }
  for (const dir of (opts.pathEnv ?? '').split(p.delimiter)) {
    if (dir.trim()) {
      out.push({ source: 'PATH', executable: p.join(dir.trim(), exe) });
    }
  }
  return out;
}

/**
 * Feature release from `java -version` output (stderr), e.g. `openjdk version "17.0.15"` -> 17,
 * `java version "1.8.0_392"` -> 8. Undefined when no version line is found.
 */
export function parseJavaMajor(output: string): number | undefined {
  const m = /version\s+"([^"]+)"/.exec(output);
  if (!m) {
    return undefined;
  }
  const parts = m[1].split(/[.+_-]/);
  const first = Number.parseInt(parts[0], 10);
  if (Number.isNaN(first)) {
    return undefined;
  }
  if (first === 1 && parts.length > 1) {
    const second = Number.parseInt(parts[1], 10);
    return Number.isNaN(second) ? undefined : second;
  }
  return first;
}
