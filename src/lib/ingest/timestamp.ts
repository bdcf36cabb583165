const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:?\d{2})$/;

/**
 * Parses a Kubernetes RFC 3339 timestamp (micro- or nanosecond fractions allowed) to epoch milliseconds,
 * truncating below the millisecond; null when absent or malformed.
 * @example parseTimestampMs("2023-01-27T18:28:08.129781Z") // 1674844088129
 */
export function parseTimestampMs(value: unknown): number | null {
  if (typeof value !== "string") return null;
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
