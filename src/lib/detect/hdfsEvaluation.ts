/**
 * DeepLog's HDFS anchor: train on normal sessions, test on held-out normal sessions and the abnormal ones, and
 * report session-level precision, recall, F1 and F1 re-weighted to DeepLog's test ratio, with bootstrap intervals.
 * DeepLog's published normal test set is not available, so a seeded 20% of the normal sessions is held out.
 */
import {randomLcg, shuffler} from "d3";
import {trainSessionDetector, detectorName, type SessionDetectorSpec} from "./sessionDetector.js";
import {
  bootstrapSessionMetrics,
  sessionCounts,
  sessionMetrics,
  type SessionIntervals,
  type SessionMetrics
} from "./sessionMetrics.js";

/** DeepLog's own figures on HDFS (Du et al., CCS 2017). */
export const DEEPLOG_HDFS = Object.freeze({precision: 0.95, recall: 0.96, f1: 0.96});

export interface HdfsOptions {
  /** Fraction of the normal sessions held out for testing. Default 0.2. */
  holdout?: number;
  /** Seed of the hold-out shuffle and of the bootstrap. Default 42. */
  seed?: number;
  /** Bootstrap resamples. Default 1000. */
  resamples?: number;
}

export interface HdfsDetectorResult {
  name: string;
  spec: SessionDetectorSpec;
  metrics: SessionMetrics;
  ci: SessionIntervals;
  /** Abnormal sessions the detector missed, by length (how many keys), as [length, count] pairs, shortest first. */
  missedByLength: [number, number][];
}

export interface HdfsEvaluation {
  counts: {trainNormal: number; testNormal: number; testAbnormal: number};
  options: Required<HdfsOptions>;
  detectors: HdfsDetectorResult[];
}

/**
 * Splits normal sessions into training and held-out parts with a seeded shuffle (d3's shuffler over randomLcg).
 * @example holdOut([["a"], ["b"], ["c"], ["d"], ["e"]], 0.2, 42).test.length // 1
 */
export function holdOut<T>(sessions: readonly T[], fraction: number, seed: number): {train: T[]; test: T[]} {
  const order = shuffler(randomLcg(seed))(sessions.map((_, i) => i));
  const nTest = Math.round(sessions.length * fraction);
  const test = new Set(order.slice(0, nTest));
  return {train: sessions.filter((_, i) => !test.has(i)), test: sessions.filter((_, i) => test.has(i))};
}

/**
 * Evaluates each detector spec on the same split.
 * @example await evaluateHdfs(normal, abnormal, [{kind: "ngram", window: 10, topG: 9, endKey: true}])
 */
export async function evaluateHdfs(
  normal: readonly (readonly string[])[],
  abnormal: readonly (readonly string[])[],
  specs: readonly SessionDetectorSpec[],
  options: HdfsOptions = {}
): Promise<HdfsEvaluation> {
  const full = {holdout: 0.2, seed: 42, resamples: 1000, ...options};
  const {train, test} = holdOut(normal, full.holdout, full.seed);
  const detectors: HdfsDetectorResult[] = [];
  for (const spec of specs) {
    const {flag, dispose} = await trainSessionDetector(spec, train);
    try {
      const normalFlags = test.map(flag);
      const abnormalFlags = abnormal.map(flag);
      const missed = new Map<number, number>();
      abnormal.forEach((s, i) => {
        if (!abnormalFlags[i]) missed.set(s.length, (missed.get(s.length) ?? 0) + 1);
      });
      detectors.push({
        name: detectorName(spec),
        spec,
        metrics: sessionMetrics(sessionCounts(normalFlags, abnormalFlags)),
        ci: bootstrapSessionMetrics(normalFlags, abnormalFlags, {resamples: full.resamples, seed: full.seed}),
        missedByLength: [...missed].sort((a, b) => a[0] - b[0])
      });
    } finally {
      dispose();
    }
  }
  return {
    counts: {trainNormal: train.length, testNormal: test.length, testAbnormal: abnormal.length},
    options: full,
    detectors
  };
}

export interface HdfsSelectionOptions {
  /** Seed of the test hold-out (as evaluateHdfs) and, plus one, of the validation carve. Default 42. */
  seed?: number;
  /** Share of the normal sessions held out for testing (default 0.2), and share of the rest for validation (0.25). */
  holdout?: number;
  validation?: number;
  /** The most validation normal sessions a selection may flag, as a share (default 0.002: 1 of 971). */
  maxFpr?: number;
}

export interface HdfsSelection {
  /** The union of the candidates kept, to be evaluated once on the test part. */
  chosen: SessionDetectorSpec;
  counts: {fit: number; validation: number};
  /** Each candidate in order: its own validation false positives, and whether it joined the union. */
  steps: {name: string; falsePositives: number; unionFalsePositives: number; added: boolean}[];
}

/**
 * Chooses a detector on normal sessions only, before any test: carves a validation part from the training part
 * (the test part is evaluateHdfs's, same seed), fits each candidate on the rest, and adds candidates in order to a
 * union (OR) while the union flags at most `maxFpr` of the validation sessions. No abnormal session is read: the
 * order of `candidates` (most informative first) is the prior, the false-positive budget the only measurement.
 * @example (await selectHdfsDetector(normal, [{kind: "length"}, {kind: "cooccurrence"}])).chosen // {kind: "any", of: [...]}
 */
export async function selectHdfsDetector(
  normal: readonly (readonly string[])[],
  candidates: readonly SessionDetectorSpec[],
  options: HdfsSelectionOptions = {}
): Promise<HdfsSelection> {
  const {seed = 42, holdout = 0.2, validation = 0.25, maxFpr = 0.002} = options;
  const {train} = holdOut(normal, holdout, seed);
  const {train: fit, test: val} = holdOut(train, validation, seed + 1);
  const union = new Array<boolean>(val.length).fill(false);
  const chosen: SessionDetectorSpec[] = [];
  const steps: HdfsSelection["steps"] = [];
  for (const spec of candidates) {
    const {flag, dispose} = await trainSessionDetector(spec, fit);
    let flags: boolean[];
    try {
      flags = val.map(flag);
    } finally {
      dispose();
    }
    const next = union.map((u, i) => u || flags[i]);
    const unionFalsePositives = next.filter(Boolean).length;
    const added = unionFalsePositives <= maxFpr * val.length;
    if (added) {
      chosen.push(spec);
      next.forEach((x, i) => (union[i] = x));
    }
    steps.push({
      name: detectorName(spec),
      falsePositives: flags.filter(Boolean).length,
      unionFalsePositives: added ? unionFalsePositives : union.filter(Boolean).length,
      added
    });
  }
  return {
    chosen: chosen.length === 1 ? chosen[0] : {kind: "any", of: chosen},
    counts: {fit: fit.length, validation: val.length},
    steps
  };
}
