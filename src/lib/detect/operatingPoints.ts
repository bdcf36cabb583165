/**
 * Operating points of a scoring detector: precision, recall, F1 and % of benign actions flagged at every threshold
 * (the precision–recall curve), and the validation rule that picks one: the highest recall that flags at most
 * `maxBenignPercent` of the benign kept actions (ties: higher precision), else the highest F1. Pure.
 */

export interface OperatingPoint {
  /** Events scoring at least this (and above 0) are flagged. */
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  /** % of benign kept (mutating) actions flagged. */
  benignPercent: number;
  flagged: number;
}

/**
 * Every distinct threshold of `scores`, highest first (an event scoring 0 is never flagged).
 * @example operatingPoints([0.9, 0.2, 0], ["exec", null, null], [true, true, true]) // [{threshold: 0.9, precision: 1, recall: 1, …}, {threshold: 0.2, precision: 0.5, …}]
 */
export function operatingPoints(
  scores: readonly number[],
  truth: readonly (string | null)[],
  kept: readonly boolean[]
): OperatingPoint[] {
  const order = scores.map((_, i) => i).filter((i) => scores[i] > 0);
  order.sort((a, b) => scores[b] - scores[a]);
  const attacks = truth.filter((t) => t !== null).length;
  const benignKept = truth.filter((t, i) => t === null && kept[i]).length;
  const points: OperatingPoint[] = [];
  let caught = 0;
  let falsePositives = 0;
  let benignKeptFlagged = 0;
  for (let k = 0; k < order.length; ++k) {
    const i = order[k];
    if (truth[i] !== null) ++caught;
    else {
      ++falsePositives;
      if (kept[i]) ++benignKeptFlagged;
    }
    if (k + 1 < order.length && scores[order[k + 1]] === scores[i]) continue;
    const precision = caught / (caught + falsePositives);
    const recall = attacks === 0 ? 0 : caught / attacks;
    points.push({
      threshold: scores[i],
      precision,
      recall,
      f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
      benignPercent: benignKept === 0 ? 0 : (100 * benignKeptFlagged) / benignKept,
      flagged: k + 1
    });
  }
  return points;
}

/**
 * The validation rule: highest recall with benignPercent ≤ max (ties: higher precision), else highest F1.
 * @example chooseOperatingPoint(points, 3) // {point: {threshold: 0.62, …}, withinBudget: true}
 */
export function chooseOperatingPoint(
  points: readonly OperatingPoint[],
  maxBenignPercent = 3
): {point: OperatingPoint; withinBudget: boolean} {
  if (points.length === 0)
    return {
      point: {threshold: Infinity, precision: 0, recall: 0, f1: 0, benignPercent: 0, flagged: 0},
      withinBudget: true
    };
  const within = points.filter((p) => p.benignPercent <= maxBenignPercent);
  if (within.length > 0)
    return {
      point: within.reduce((a, b) =>
        b.recall > a.recall || (b.recall === a.recall && b.precision > a.precision) ? b : a
      ),
      withinBudget: true
    };
  return {point: points.reduce((a, b) => (b.f1 > a.f1 ? b : a)), withinBudget: false};
}

/**
 * At most `n` points of a curve, evenly spaced along it, keeping the first and the last (for charts and JSON).
 * @example thinPoints(points, 40).length // ≤ 40
 */
export function thinPoints<T>(points: readonly T[], n: number): T[] {
  if (points.length <= n) return [...points];
  const out: T[] = [];
  for (let k = 0; k < n; ++k) out.push(points[Math.round((k * (points.length - 1)) / (n - 1))]);
  return out;
}
