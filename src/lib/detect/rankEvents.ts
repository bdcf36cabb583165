/**
 * Each event of a corpus as the Detection page needs it to recompute the detector at any g: the model's rank and
 * probability of the action, the context findings and the threat rules (neither depends on g), and the top actions.
 */
import {mutatingRequests} from "./attackEvaluation.js";
import {detectAuditEvents, nextActionVerdicts, type AuditDetector} from "./auditDetector.js";
import type {DetectEvent} from "./detectEvent.js";
import {threatRuleHits} from "./threatRules.js";
import type {RankedEvent} from "./topGSweep.js";
import {UNK_ID} from "../learn/vocabulary.js";

/** A ranked event with the model's `maxG` most probable actions for its context (empty when not ranked). */
export type RankedEventWithExpected = RankedEvent & {expected: string[]};

/**
 * Ranks every event of `events` (`truth[i]`: its technique or null) with `detector`.
 * @example rankEvents(detector, test.events, test.truth, 15)[0] // {technique: null, kept: true, rank: 0, …}
 */
export function rankEvents(
  detector: AuditDetector,
  events: readonly DetectEvent[],
  truth: readonly (string | null)[],
  maxG: number
): RankedEventWithExpected[] {
  const verdicts = nextActionVerdicts(detector, events, {topG: maxG});
  // Context findings alone: the sequence rule and the rules off (a flag here is a context finding, its score theirs).
  const context = new Map(
    detectAuditEvents(detector, events, {topG: maxG, sequence: false, rules: false}).flagged.map((f) => [f.auditID, f])
  );
  const mutating = mutatingRequests(events);
  return events.map((e, i) => {
    const v = verdicts.get(i);
    const found = context.get(e.auditID);
    const unseen = v !== undefined && v.target === UNK_ID;
    return {
      technique: truth[i],
      kept: e.kept,
      mutating: mutating[i],
      rank: v && !unseen ? v.verdict.rank : null,
      probability: v ? v.verdict.probability : null,
      unseen,
      contextReasons: found?.reasons ?? [],
      contextScore: found?.score ?? 0,
      rules: threatRuleHits(e).map((h) => h.rule),
      expected: v?.expected ?? []
    };
  });
}
