/**
 * The detector at any g and threshold, from each event's rank: what the Detection page's slider recomputes. An event
 * is flagged when a threat rule or a context finding hit it (neither depends on g), or when it is a kept action
 * whose action the model never saw, ranks g or lower, or has a probability below the threshold. Pure, no model.
 */
import {detectionScores, type DetectionScores} from "./attackEvaluation.js";
import type {NextActionRule} from "./nextActionRule.js";

/** One scored event of a labelled corpus, as the Detection page's loader writes it. */
export interface RankedEvent {
  /** The injected technique, or null for a benign event. */
  technique: string | null;
  /** Whether the cleaning policy keeps the event as an action (only those are ranked). */
  kept: boolean;
  /** A mutating request (create, update, patch, delete, deletecollection): what the benign rate counts. */
  mutating: boolean;
  /** How many actions the model found more probable (0 = its first guess); null when not ranked. */
  rank: number | null;
  /** The model's probability of the action; null when not ranked. */
  probability: number | null;
  /** A kept action the model never saw in training: always flagged. */
  unseen: boolean;
  /** Context findings (a new namespace, action, user…), found whatever g is. */
  contextReasons: readonly string[];
  /** 1 - Π(1 - w) over the context findings' weights (0 without findings). */
  contextScore: number;
  /** Threat rules the event matched. */
  rules: readonly string[];
}

/** Whether the sequence rule flags `e` at `rule` (DeepLog's top-g, or a probability below the threshold). */
export function sequenceFlag(e: RankedEvent, {topG, threshold = 0}: NextActionRule): boolean {
  if (!e.kept) return false;
  if (e.unseen) return true;
  return e.rank !== null && (e.rank >= topG || (e.probability ?? 0) < threshold);
}

/**
 * Whether the whole detector (sequence rule, context, rules) flags `e`.
 * @example flaggedAt({kept: true, rank: 4, unseen: false, contextReasons: [], rules: [], …}, {topG: 3}) // true
 */
export function flaggedAt(e: RankedEvent, rule: NextActionRule): boolean {
  return sequenceFlag(e, rule) || e.contextReasons.length > 0 || e.rules.length > 0;
}

/**
 * The learned score of `e` at `rule`, as `perfspec detect` reports it: 1 - Π(1 - w), the sequence rule weighing
 * 1 - p when it flags (1 for an unseen action), rounded to 4 decimals.
 * @example eventScore({kept: true, rank: 9, probability: 0.2, contextScore: 0.5, …}, {topG: 9}) // 0.9
 */
export function eventScore(e: RankedEvent, rule: NextActionRule): number {
  const sequence = sequenceFlag(e, rule) ? (e.unseen ? 1 : 1 - (e.probability ?? 0)) : 0;
  return Math.round((1 - (1 - sequence) * (1 - e.contextScore)) * 1e4) / 1e4;
}

/**
 * Precision, recall, F1 and false positives per 1,000 benign mutating requests of the detector at `rule`.
 * @example scoresAt(events, {topG: 9}).recall // 0.93
 */
export function scoresAt(events: readonly RankedEvent[], rule: NextActionRule): DetectionScores {
  return detectionScores(
    events.map((e) => e.technique),
    events.map((e) => flaggedAt(e, rule)),
    events.map((e) => e.mutating)
  );
}

export interface GPoint {
  g: number;
  precision: number;
  recall: number;
  f1: number;
  fpPer1kActions: number;
}

/**
 * The detector's scores at each g (same threshold): the points of a precision-recall curve over g.
 * @example curveOverG(events, [1, 2, 3]).map((p) => p.recall) // [0.97, 0.95, 0.93]
 */
export function curveOverG(events: readonly RankedEvent[], gs: readonly number[], threshold = 0): GPoint[] {
  return gs.map((g) => {
    const {precision, recall, f1, fpPer1kActions} = scoresAt(events, {topG: g, threshold});
    return {g, precision, recall, f1, fpPer1kActions};
  });
}

export interface TechniqueRecall {
  technique: string;
  attacks: number;
  caught: number;
  recall: number;
}

/**
 * Recall of each technique at `rule`, techniques in alphabetical order.
 * @example recallByTechnique(events, {topG: 9})[0] // {technique: "admission-webhook", attacks: 9, caught: 9, recall: 1}
 */
export function recallByTechnique(events: readonly RankedEvent[], rule: NextActionRule): TechniqueRecall[] {
  const counts = new Map<string, {attacks: number; caught: number}>();
  for (const e of events) {
    if (e.technique === null) continue;
    const c = counts.get(e.technique) ?? {attacks: 0, caught: 0};
    c.attacks += 1;
    if (flaggedAt(e, rule)) c.caught += 1;
    counts.set(e.technique, c);
  }
  return [...counts]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([technique, {attacks, caught}]) => ({technique, attacks, caught, recall: caught / attacks}));
}

/**
 * Why the detector at `rule` flags `e`, as `perfspec detect` words it (the sequence rule first, then the context).
 * @example flagReasons({kept: true, rank: 10, probability: 0.01, contextReasons: ["first action of this user in prod"], …}, {topG: 9})
 * // ["not in top-9 (rank 11)", "first action of this user in prod"]
 */
export function flagReasons(e: RankedEvent, rule: NextActionRule): string[] {
  if (!sequenceFlag(e, rule)) return [...e.contextReasons];
  const sequence = e.unseen
    ? "action never seen in training"
    : (e.rank ?? 0) >= rule.topG
      ? `not in top-${rule.topG} (rank ${(e.rank ?? 0) + 1})`
      : `probability ${(e.probability ?? 0).toPrecision(2)} < ${rule.threshold}`;
  return [sequence, ...e.contextReasons];
}
