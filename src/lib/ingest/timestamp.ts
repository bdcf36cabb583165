const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * Parses a Kubernetes RFC 3339 timestamp (micro- or nanosecond fractions allowed) to epoch milliseconds,
 * truncating below the millisecond; null when absent or malformed.
 * @example parseTimestampMs("2023-01-27T18:28:08.129781Z") // 1674844088129
 */
export function parseTimestampMs(value: unknown): number | null {
  if (typeof value !== "string") return null;
  const fast = parseUtc(value);
  if (fast >= 0) return fast;
  const m = RFC3339.exec(value.trim());
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, "0"));
  let t = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  if (zone !== "Z" && zone !== "z") {
    const sign = zone[0] === "-" ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isFinite(t) ? t : null;
}

// The last day seen (events come in time order, so nearly every timestamp shares it).
let cachedDay = -1;
let cachedDayMs = 0;

/**
 * The common case, `YYYY-MM-DDTHH:MM:SS[.fraction]Z` from 1970 on, read without a regex; -1 for anything else
 * (the caller then takes the general path, which gives the same result for these strings).
 */
function parseUtc(s: string): number {
  const n = s.length;
  if (
    n < 20 ||
    n > 40 ||
    s.charCodeAt(n - 1) !== 90 /* Z */ ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84
  )
    return -1;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return -1;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  const sec = digits(s, 17, 2);
  if (y < 1970 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0) return -1;
  let ms = 0;
  if (n > 20) {
    if (s.charCodeAt(19) !== 46 /* . */ || n === 21) return -1;
    const fraction = digits(s, 20, n - 21);
    if (fraction < 0) return -1;
    ms = n - 21 >= 3 ? digits(s, 20, 3) : fraction * (n - 21 === 1 ? 100 : 10);
  }
  const day = (y * 100 + mo) * 100 + d;
  if (day !== cachedDay) {
    cachedDayMs = Date.UTC(y, mo - 1, d);
    cachedDay = day;
  }
  const t = cachedDayMs + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
  return Number.isFinite(t) ? t : -1;
}

/** The decimal number in s[start, start + count), or -1 when a character is not a digit. */
function digits(s: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    value = value * 10 + c;
  }
  return value;
}
