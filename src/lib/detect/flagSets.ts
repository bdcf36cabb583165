/**
 * A detector's flags precomputed at each g, for the Detection page: `--high-recall` cannot be recomputed from ranks
 * alone (a follow-up depends on every earlier flag, context judges reads too, an install's writes are explained by
 * its release), so its loader runs it at every g and writes the flagged events. Pure, no model.
 */
import {detectionScores, type DetectionScores} from "./attackEvaluation.js";
import type {GPoint, RankedEvent, TechniqueRecall} from "./topGSweep.js";

/** One flagged event: its index in the page's events, its score, its reasons and rules (ids into `reasons`). */
export type FlagEntry = [index: number, score: number, reasons: number[], rules: number[]];

/** A detector's flags at g = 1 … max (threshold 0), and the setting validation chose. */
export interface FlagSets {
  g: number;
  why: string;
  /** Every reason sentence and rule id once (flags point into it). */
  reasons: string[];
  /** g (as a string) -> the events flagged at that g. */
  byG: Record<string, FlagEntry[]>;
}

/** One flagged event as the page shows it. */
export interface FlagDetail {
  score: number;
  reasons: string[];
  rules: string[];
}

/**
 * The events flagged at `g`, by index.
 * @example flagsAt(sets, 15).get(42)?.reasons // ["first action of this user in prod"]
 */
export function flagsAt(sets: FlagSets, g: number): Map<number, FlagDetail> {
  const entries = sets.byG[String(g)];
  if (!entries) throw new Error(`no flags precomputed at g = ${g}`);
  const text = (ids: number[]) => ids.map((id) => sets.reasons[id]);
  return new Map(entries.map(([i, score, reasons, rules]) => [i, {score, reasons: text(reasons), rules: text(rules)}]));
}

/**
 * Precision, recall, F1 and false positives per 1,000 benign mutating requests of a set of flagged events.
 * @example scoresOfFlags(events, flagsAt(sets, 15)).recall // 0.95
 */
export function scoresOfFlags(events: readonly RankedEvent[], flagged: ReadonlyMap<number, unknown>): DetectionScores {
  return detectionScores(
    events.map((e) => e.technique),
    events.map((_, i) => flagged.has(i)),
    events.map((e) => e.mutating)
  );
}

/**
 * The scores at each precomputed g: a precision-recall curve over g.
 * @example curveOfFlagSets(events, sets, [1, 2]).map((p) => p.g) // [1, 2]
 */
export function curveOfFlagSets(events: readonly RankedEvent[], sets: FlagSets, gs: readonly number[]): GPoint[] {
  return gs.map((g) => {
    const {precision, recall, f1, fpPer1kActions} = scoresOfFlags(events, flagsAt(sets, g));
    return {g, precision, recall, f1, fpPer1kActions};
  });
}

/**
 * Recall of each technique for a set of flagged events, techniques in alphabetical order.
 * @example recallOfFlags(events, flagsAt(sets, 15))[0].technique // "admission-webhook"
 */
export function recallOfFlags(
  events: readonly RankedEvent[],
  flagged: ReadonlyMap<number, unknown>
): TechniqueRecall[] {
  const counts = new Map<string, {attacks: number; caught: number}>();
  events.forEach((e, i) => {
    if (e.technique === null) return;
    const c = counts.get(e.technique) ?? {attacks: 0, caught: 0};
    c.attacks += 1;
    if (flagged.has(i)) c.caught += 1;
    counts.set(e.technique, c);
  });
  return [...counts]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([technique, {attacks, caught}]) => ({technique, attacks, caught, recall: caught / attacks}));
}

/**
 * Packs flagged events (by index in the page's events) into FlagSets' entries, sharing reason sentences.
 * @example packFlags([[3, {score: 0.6, reasons: ["denied (403)"], rules: ["denied"]}]], reasons) // [[3, 0.6, [0], [1]]]
 */
export function packFlags(flags: Iterable<[number, FlagDetail]>, reasons: string[]): FlagEntry[] {
  const ids = new Map(reasons.map((r, i) => [r, i]));
  const id = (r: string) => {
    let k = ids.get(r);
    if (k === undefined) ids.set(r, (k = reasons.push(r) - 1));
    return k;
  };
  return [...flags].map(([i, {score, reasons: rs, rules}]) => [i, score, rs.map(id), rules.map(id)]);
}
