/**
 * The engine's AppCDS archive (JDK class-data sharing): pre-parsed classes mapped at start, about half the engine's
 * start time and less memory (docs/performance.md). The archive is keyed by jar (path, size, mtime) and Java runtime
 * (executable and version),
 * used only when complete, and trained once in the background on a throw-away data dir: the dump goes to a temp name
 * and is renamed into place only after the training JVM exited cleanly (a truncated archive would crash the JVM).
 */
import { spawn } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * JVM options for a small, quick-starting engine: the list the engine jar publishes
 * (`server/src/main/resources/dev/trestle/server/rpc/jvm-options.txt`, `trestle-server --print-jvm-options`), which
 * the CLI reads too; `jvmOptions.test.ts` fails when this copy differs from it.
 */
export const ENGINE_JVM_OPTIONS: readonly string[] = [
  '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Xss512k', '-XX:MaxHeapFreeRatio=20', '-XX:MinHeapFreeRatio=10',
  '-XX:-UsePerfData', '-XX:ReservedCodeCacheSize=32m', '-Xshare:auto', '-Xlog:disable', '-Xlog:all=warning:stderr',
];

/**
 * The runtime's identity for the archive key: the `release` file of the Java home the executable belongs to (it names
 * the exact JDK version), so an in-place JDK upgrade gets a new archive instead of a stale one the JVM would refuse.
 */
export function runtimeIdentity(javaExecutable: string): string {
  try {
    const home = path.dirname(path.dirname(fs.realpathSync(javaExecutable)));
    return fs.readFileSync(path.join(home, 'release'), 'utf8');
  } catch {
    return '';
  }
}

/**
 * Where the archive for this jar and Java runtime lives under `cacheDir`, or undefined when the jar is missing. The key
 * holds the jar (path, size, mtime), the executable's path and the runtime's version (as the CLI's key does).
 */
export function archivePath(cacheDir: string, jar: string, javaExecutable: string): string | undefined {
  try {
    const st = fs.statSync(jar);
    const key = `${path.resolve(jar)}|${st.size}|${Math.trunc(st.mtimeMs)}|${path.resolve(javaExecutable)}|`
      + runtimeIdentity(javaExecutable);
    const hash = crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);
    return path.join(cacheDir, 'cds', `engine-${hash}.jsa`);
  } catch {
    return undefined;
  }
}

/** The archive when a complete one exists. */
export function usableArchive(cacheDir: string, jar: string, javaExecutable: string): string | undefined {
  const p = archivePath(cacheDir, jar, javaExecutable);
  if (!p) {
    return undefined;
  }
  try {
    const st = fs.lstatSync(p);
    return st.isFile() && st.size > 0 ? p : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates the archive once, never throwing: runs the engine with `-XX:ArchiveClassesAtExit` on a temporary data dir,
 * waits for the answer to one `EngineGetInfo`, closes stdin and renames the dump into place on a clean exit.
 */
export async function trainArchive(cacheDir: string, jar: string, javaExecutable: string, timeoutMs = 60_000): Promise<boolean> {
  const target = archivePath(cacheDir, jar, javaExecutable);
  if (!target) {
    return false;
  }
  if (usableArchive(cacheDir, jar, javaExecutable)) {
    return true;
  }
  const tmp = `${path.join(path.dirname(target), '.engine.tmp-')}${process.pid}-${Date.now()}.jsa`;
  let data: string | undefined;
  try {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    data = fs.mkdtempSync(path.join(os.tmpdir(), 'trestle-cds-'));
    const child = spawn(javaExecutable, [...ENGINE_JVM_OPTIONS, `-XX:ArchiveClassesAtExit=${tmp}`, '-jar', jar,
      '--data-dir', data], { stdio: ['pipe', 'pipe', 'ignore'], windowsHide: true });
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', (code) => resolve(code));
      child.on('error', () => resolve(null));
    });
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'EngineGetInfo', params: {} }));
    child.stdout.once('data', () => child.stdin.end());
    child.stdout.resume();
    child.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await exited;
    clearTimeout(timer);
    if (code !== 0 || !fs.existsSync(tmp) || fs.statSync(tmp).size === 0) {
      return false;
    }
    fs.renameSync(tmp, target);
    return true;
  } catch {
    return false;
  } finally {
    fs.rmSync(tmp, { force: true });
    if (data) {
      fs.rmSync(data, { recursive: true, force: true });
    }
  }
}
