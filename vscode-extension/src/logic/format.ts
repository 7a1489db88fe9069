/** Small, VS Code-free formatting helpers shared by views and messages. */

/** Human-readable byte size: `512 B`, `4.0 KiB`, `25.0 MiB`. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    return '?';
  }
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** Groups digits of an integer with thin separators: 200000 -> `200,000`. */
export function formatCount(n: number): string {
  return Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * A token count for people: `1 token`, `840 tokens`, `4.2k tokens`, `52k tokens`, `1.3M tokens` (one decimal below
 * ten of a unit, none above; never rounded up into the next unit's wording).
 */
export function formatTokens(n: number): string {
  if (!Number.isFinite(n) || n < 0) {
    return '? tokens';
  }
  const t = Math.round(n);
  if (t === 1) {
    return '1 token';
  }
  if (t < 1000) {
    return `${t} tokens`;
  }
  const scaled = (value: number, unit: string): string => {
    const v = value < 10 ? Math.floor(value * 10) / 10 : Math.floor(value);
    return `${v}${unit} tokens`;
  };
  return t < 1_000_000 ? scaled(t / 1000, 'k') : scaled(t / 1_000_000, 'M');
}

/** RFC 3339 time as a short local `YYYY-MM-DD HH:MM:SS`; the input is returned unchanged when unparseable. */
export function formatTime(rfc3339: string): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) {
    return rfc3339;
  }
  const p = (n: number): string => n.toString().padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * RFC 3339 time for people, in local time relative to `now`: `today 14:03`, `yesterday 09:12`, `3 Dec 14:03`,
 * `3 Dec 2025 14:03`. The input is returned unchanged when unparseable.
 */
export function humanTime(rfc3339: string, now: Date = new Date()): string {
  const d = new Date(rfc3339);
  if (Number.isNaN(d.getTime())) {
    return rfc3339;
  }
  const p = (n: number): string => n.toString().padStart(2, '0');
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`;
  const day = (x: Date): number => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
  const days = Math.round((day(now) - day(d)) / 86_400_000);
  if (days === 0) {
    return `today ${hm}`;
  }
  if (days === 1) {
    return `yesterday ${hm}`;
  }
  const dm = `${d.getDate()} ${MONTHS[d.getMonth()]}`;
  return d.getFullYear() === now.getFullYear() ? `${dm} ${hm}` : `${dm} ${d.getFullYear()} ${hm}`;
}
