/**
 * Precision and recall as a labelled stream goes by, for the Live validation page: after each event, over the
 * events so far (cumulative) and over the last `window` events (rolling), counted as the attack protocol counts
 * them (docs/detection.md): an attack event is caught when it is flagged; a flagged benign event is a false alarm.
 */

export interface ReplayPoint {
  /** Events seen (1-based position in the stream). */
  seen: number;
  /** Cumulative precision and recall (NaN until there is an alert / an attack). */
  precision: number;
  recall: number;
  /** The same over the last `window` events. */
  rollingPrecision: number;
  rollingRecall: number;
  alerts: number;
  attacks: number;
  caught: number;
}

/**
 * One point per event of the stream.
 * @example replayMetrics([true, false, true], [true, true, false], 2).at(-1) // {seen: 3, precision: 0.5, recall: 0.5, rollingPrecision: 0, rollingRecall: 0, alerts: 2, attacks: 2, caught: 1}
 */
export function replayMetrics(attack: readonly boolean[], flagged: readonly boolean[], window: number): ReplayPoint[] {
  if (attack.length !== flagged.length) throw new Error("attack and flagged differ in length");
  const points: ReplayPoint[] = [];
  const total = {alerts: 0, attacks: 0, caught: 0};
  const recent = {alerts: 0, attacks: 0, caught: 0};
  const count = (c: typeof total, i: number, sign: number) => {
    if (flagged[i]) c.alerts += sign;
    if (attack[i]) c.attacks += sign;
    if (attack[i] && flagged[i]) c.caught += sign;
  };
  for (let i = 0; i < attack.length; i++) {
    count(total, i, 1);
    count(recent, i, 1);
    if (i >= window) count(recent, i - window, -1);
    points.push({
      seen: i + 1,
      precision: total.caught / total.alerts,
      recall: total.caught / total.attacks,
      rollingPrecision: recent.caught / recent.alerts,
      rollingRecall: recent.caught / recent.attacks,
      ...total
    });
  }
  return points;
}

/**
 * How many of the (ascending) `times` are at or before `t`: the events a replay clock at `t` has shown.
 * @example seenAt([10, 20, 20, 30], 20) // 3
 */
export function seenAt(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Whether an alert-stream URL stays on this machine (the page never connects anywhere else).
 * @example isLocalStreamUrl("http://127.0.0.1:8088/alerts") // true; isLocalStreamUrl("https://example.com/alerts") // false
 */
export function isLocalStreamUrl(text: string): boolean {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return false;
  }
  return (
    (url.protocol === "http:" || url.protocol === "https:") &&
    (url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]") &&
    url.username === "" &&
    url.password === ""
  );
}
