/**
 * Honest evaluation of the audit detectors on a labelled attack corpus: event-level precision, recall, F1 and
 * false positives per 1,000 benign actions, overall and per technique, with percentile bootstrap intervals.
 * Pure: the caller gives events, their labels and which events a detector flagged.
 */
import {randomInt, randomLcg} from "d3";
import {percentileInterval, type Interval} from "../metrics/bootstrap.js";
import type {DetectEvent} from "./detectEvent.js";

export interface DetectionScores {
  /** Attack events, and those flagged. */
  attacks: number;
  caught: number;
  /** Attack events the cleaning policy keeps (writes: what the learned layers score), and those flagged. */
  attackActions: number;
  caughtActions: number;
  /** Benign events flagged (reads included: the rules see them). */
  falsePositives: number;
  /** Benign kept (mutating) events, and those flagged. */
  benignActions: number;
  benignActionsFlagged: number;
  precision: number;
  recall: number;
  f1: number;
  /** Benign kept events flagged per 1,000 benign kept events (the "3% of benign mutating requests" is 30). */
  fpPer1kActions: number;
}

/**
 * Scores of one detector over events `sample` (default all): `truth[i]` is the technique of event i or null,
 * `flagged[i]` whether the detector flagged it, `kept[i]` whether the cleaning policy keeps it as an action.
 * @example detectionScores(["exec", null, null], [true, true, false], [false, true, true]) // {precision: 0.5, recall: 1, fpPer1kActions: 500, …}
 */
export function detectionScores(
  truth: readonly (string | null)[],
  flagged: readonly boolean[],
  kept: readonly boolean[],
  sample?: ArrayLike<number>
): DetectionScores {
  let attacks = 0;
  let caught = 0;
  let attackActions = 0;
  let caughtActions = 0;
  let falsePositives = 0;
  let benignActions = 0;
  let benignActionsFlagged = 0;
  const n = sample ? sample.length : truth.length;
  for (let s = 0; s < n; ++s) {
    const i = sample ? sample[s] : s;
    if (truth[i] !== null) {
      ++attacks;
      if (flagged[i]) ++caught;
      if (kept[i]) {
        ++attackActions;
        if (flagged[i]) ++caughtActions;
      }
    } else {
      if (flagged[i]) ++falsePositives;
      if (kept[i]) {
        ++benignActions;
        if (flagged[i]) ++benignActionsFlagged;
      }
    }
  }
  const precision = caught + falsePositives === 0 ? 0 : caught / (caught + falsePositives);
  const recall = attacks === 0 ? 0 : caught / attacks;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  const fpPer1kActions = benignActions === 0 ? 0 : (1000 * benignActionsFlagged) / benignActions;
  return {
    attacks,
    caught,
    attackActions,
    caughtActions,
    falsePositives,
    benignActions,
    benignActionsFlagged,
    precision,
    recall,
    f1,
    fpPer1kActions
  };
}

export interface DetectorEvaluation extends DetectionScores {
  intervals: {precision: Interval; recall: Interval; f1: Interval; fpPer1kActions: Interval};
  /** Recall per technique, with its interval (resampling that technique's events). */
  techniques: Record<
    string,
    {attacks: number; caught: number; recall: number; interval: Interval; campaigns?: number; campaignsCaught?: number}
  >;
  /** With `campaigns`: attack campaigns with at least one event flagged (the alert a person would see). */
  campaigns?: {total: number; caught: number};
}

export interface EvaluationOptions {
  /** Default 1000. */
  resamples?: number;
  /** Seed of d3's LCG. Default 42. */
  seed?: number;
  /** Default 0.95. */
  level?: number;
  /** The campaign of each attack event (null for benign events), to count campaigns with at least one alert. */
  campaigns?: readonly (number | null)[];
}

/**
 * detectionScores with 95% percentile bootstrap intervals (events resampled with replacement) and per-technique recall.
 * @example evaluateDetector(truth, flagged, kept).intervals.recall // [0.86, 0.97]
 */
export function evaluateDetector(
  truth: readonly (string | null)[],
  flagged: readonly boolean[],
  kept: readonly boolean[],
  options: EvaluationOptions = {}
): DetectorEvaluation {
  const {resamples = 1000, seed = 42, level = 0.95, campaigns} = options;
  const point = detectionScores(truth, flagged, kept);
  const n = truth.length;
  const draw = randomInt.source(randomLcg(seed));
  const metric = {
    precision: new Float64Array(resamples),
    recall: new Float64Array(resamples),
    f1: new Float64Array(resamples),
    fpPer1kActions: new Float64Array(resamples)
  };
  const sample = new Int32Array(n);
  const all = draw(n);
  for (let r = 0; r < resamples; ++r) {
    for (let s = 0; s < n; ++s) sample[s] = all();
    const scores = detectionScores(truth, flagged, kept, sample);
    for (const key of Object.keys(metric) as (keyof typeof metric)[]) metric[key][r] = scores[key];
  }
  const techniques: DetectorEvaluation["techniques"] = {};
  const byTechnique = new Map<string, number[]>();
  truth.forEach((t, i) => {
    if (t === null) return;
    let list = byTechnique.get(t);
    if (!list) byTechnique.set(t, (list = []));
    list.push(i);
  });
  for (const [technique, indices] of [...byTechnique].sort((a, b) => a[0].localeCompare(b[0]))) {
    const hits = indices.map((i) => (flagged[i] ? 1 : 0));
    const caught = hits.reduce((a: number, b) => a + b, 0);
    const pickOne = draw(indices.length);
    const recalls = new Float64Array(resamples);
    for (let r = 0; r < resamples; ++r) {
      let c = 0;
      for (let s = 0; s < indices.length; ++s) c += hits[pickOne()];
      recalls[r] = c / indices.length;
    }
    techniques[technique] = {
      attacks: indices.length,
      caught,
      recall: caught / indices.length,
      interval: percentileInterval(recalls, level)
    };
  }
  let campaignCounts: DetectorEvaluation["campaigns"];
  if (campaigns) {
    const caught = new Map<number, {technique: string; hit: boolean}>();
    truth.forEach((t, i) => {
      const c = campaigns[i];
      if (t === null || c === null) return;
      const entry = caught.get(c) ?? {technique: t, hit: false};
      entry.hit ||= flagged[i];
      caught.set(c, entry);
    });
    for (const {technique, hit} of caught.values()) {
      const x = techniques[technique];
      x.campaigns = (x.campaigns ?? 0) + 1;
      x.campaignsCaught = (x.campaignsCaught ?? 0) + (hit ? 1 : 0);
    }
    campaignCounts = {total: caught.size, caught: [...caught.values()].filter((c) => c.hit).length};
  }
  return {
    ...point,
    ...(campaignCounts ? {campaigns: campaignCounts} : {}),
    intervals: {
      precision: percentileInterval(metric.precision, level),
      recall: percentileInterval(metric.recall, level),
      f1: percentileInterval(metric.f1, level),
      fpPer1kActions: percentileInterval(metric.fpPer1kActions, level)
    },
    techniques
  };
}

/**
 * The technique of each event from a labels map (auditID -> technique), null for benign events.
 * @example eventTruth(events, {"5f0c…": "pods-exec"}) // [null, "pods-exec", null, …]
 */
export function eventTruth(
  events: readonly Pick<DetectEvent, "auditID">[],
  labels: Readonly<Record<string, string>>
): (string | null)[] {
  return events.map((e) => (Object.hasOwn(labels, e.auditID) ? labels[e.auditID] : null));
}

/**
 * The unseen-(actor, action) baseline: a kept event is flagged when its user never took that action in training.
 * @example unseenPairFlags(train, test) // [false, true, …]
 */
export function unseenPairFlags(
  train: readonly Pick<DetectEvent, "user" | "action">[],
  test: readonly Pick<DetectEvent, "user" | "action" | "kept">[]
): boolean[] {
  const seen = new Set(train.map((e) => `${e.user ?? ""}\u0000${e.action}`));
  return test.map((e) => e.kept && !seen.has(`${e.user ?? ""}\u0000${e.action}`));
}

const MUTATING = new Set(["create", "update", "patch", "delete", "deletecollection"]);

/**
 * Which events are mutating requests (create, update, patch, delete, deletecollection), whatever their resource and
 * whatever the cleaning policy keeps: issue 10's "benign mutating requests" are the benign ones.
 * @example mutatingRequests([{verb: "get"}, {verb: "update"}]) // [false, true]
 */
export function mutatingRequests(events: readonly Pick<DetectEvent, "verb">[]): boolean[] {
  return events.map((e) => MUTATING.has(e.verb));
}
