/** Redaction of secrets before anything is traced or logged (spec rpc.md §5, errors.md §6). */

/** Field names whose values never reach a log, compared case-insensitively. */
export const SECRET_KEYS: readonly string[] = ['api_key', 'authorization', 'token', 'secret'];

/** Replacement text for a redacted value. */
export const REDACTED = '[REDACTED]';

/** Deep copy of `value` with every property named in {@link SECRET_KEYS} replaced by {@link REDACTED}. */
export function redact(value: unknown): unknown {
  return redactInner(value, 0);
}

function redactInner(value: unknown, depth: number): unknown {
  if (depth > 64 || value === null || typeof value !== 'object') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map((v) => redactInner(v, depth + 1));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_KEYS.includes(k.toLowerCase()) ? REDACTED : redactInner(v, depth + 1);
  }
  return out;
}

/** JSON text of `value` after {@link redact}; never throws. */
export function redactedJson(value: unknown): string {
  try {
    return JSON.stringify(redact(value)) ?? 'undefined';
  } catch {
    return '"<unserialisable>"';
  }
}
