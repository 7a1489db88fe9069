/** Decides whether a dead engine is started again (bounded restarts; never after exit code 3). */
import { EXIT_CODE_LOCKED } from '../protocol';

/** Outcome of {@link RestartPolicy.onExit}. */
export type RestartDecision =
  | { restart: true; attempt: number }
  | { restart: false; reason: 'locked' | 'too_many_restarts' | 'stopped' };

/** Allows at most `maxRestarts` restarts within `windowMs`; an exit with code 3 is never restarted. */
export class RestartPolicy {
  private readonly restarts: number[] = [];
  private stopped = false;

  constructor(
    private readonly maxRestarts = 3,
    private readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Call when the extension stops the engine on purpose: later exits are not restarted. */
  stop(): void {
    this.stopped = true;
  }

  /** Records an unexpected exit (`code` null when killed by a signal) and says what to do. */
  onExit(code: number | null): RestartDecision {
    if (this.stopped) {
      return { restart: false, reason: 'stopped' };
    }
    if (code === EXIT_CODE_LOCKED) {
      return { restart: false, reason: 'locked' };
    }
    const t = this.now();
    while (this.restarts.length > 0 && t - this.restarts[0] > this.windowMs) {
      this.restarts.shift();
    }
    if (this.restarts.length >= this.maxRestarts) {
      return { restart: false, reason: 'too_many_restarts' };
    }
    this.restarts.push(t);
    return { restart: true, attempt: this.restarts.length };
  }
}

/** How an engine process ended, in words: "exit code 1", "killed by SIGKILL", "an unknown cause". */
export function describeExit(code: number | null | undefined, signal?: string | null): string {
  if (typeof code === 'number') {
    return `exit code ${code}`;
  }
  if (signal) {
    return `killed by ${signal}`;
  }
  return 'an unknown cause (no exit code)';
}
