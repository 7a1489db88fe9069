/** Finds a Java ≥ 17 runtime (setting, JAVA_HOME, PATH) by running `java -version`. */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { type JavaCandidate, javaCandidates, MIN_JAVA, parseJavaMajor } from '../logic/java';

/** A usable runtime. */
export interface JavaRuntime extends JavaCandidate {
  major: number;
}

/** Why no runtime was found, with what was tried, for a clear message. */
export class JavaNotFound extends Error {
  constructor(readonly tried: { candidate: JavaCandidate; problem: string }[], readonly fromSetting: boolean) {
    super(JavaNotFound.describe(tried, fromSetting));
    this.name = 'JavaNotFound';
  }

  private static describe(tried: { candidate: JavaCandidate; problem: string }[], fromSetting: boolean): string {
    const head = fromSetting
      ? `The Java runtime in the "trestle.java.home" setting cannot run the Trestle engine (it needs Java ${MIN_JAVA} or newer).`
      : `Trestle needs Java ${MIN_JAVA} or newer and found none.`;
    const found = tried.filter((t) => t.problem !== 'not found').map((t) => `${t.candidate.executable}: ${t.problem}`);
    const hint = ` Install a JDK or JRE ${MIN_JAVA}+ and set "trestle.java.home" in your user settings to its folder, or set JAVA_HOME.`;
    return head + (found.length > 0 ? ` Tried ${found.join('; ')}.` : '') + hint;
  }
}

/** Runs `<exe> -version` and returns its major version, or a problem text. */
export function probeJava(executable: string, timeoutMs = 15_000): Promise<number | string> {
  return new Promise((resolve) => {
    if (!fs.existsSync(executable)) {
      resolve('not found');
      return;
    }
    execFile(executable, ['-XX:-UsePerfData', '-version'], { timeout: timeoutMs, windowsHide: true }, (err, stdout, stderr) => {
      const major = parseJavaMajor(`${stderr}\n${stdout}`);
      if (major !== undefined) {
        resolve(major);
      } else {
        resolve(err ? `could not run (${err.message.split('\n')[0]})` : 'unrecognised version output');
      }
    });
  });
}

/**
 * Tries candidates in order and returns the first with major ≥ 17. `bundledHome` is the runtime a platform-specific
 * package carries (`server/jre`), preferred over JAVA_HOME and PATH when present.
 */
export async function findJava(setting: string | undefined, env: NodeJS.ProcessEnv = process.env, platform = process.platform,
  bundledHome?: string): Promise<JavaRuntime> {
  const bundled = bundledHome && fs.existsSync(bundledHome) ? bundledHome : undefined;
  const candidates = javaCandidates({ setting, bundledHome: bundled, javaHome: env.JAVA_HOME, pathEnv: env.PATH ?? env.Path, platform });
  const tried: { candidate: JavaCandidate; problem: string }[] = [];
  for (const c of candidates) {
    const r = await probeJava(c.executable);
    if (typeof r === 'number' && r >= MIN_JAVA) {
      return { ...c, major: r };
    }
    tried.push({ candidate: c, problem: typeof r === 'number' ? `Java ${r} is too old` : r });
  }
  throw new JavaNotFound(tried, Boolean(setting?.trim()));
}
