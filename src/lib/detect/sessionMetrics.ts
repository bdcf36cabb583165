/**
 * Session-level detection metrics: precision, recall, F1 and the false-positive rate, also re-weighted to another
 * normal : abnormal ratio (a test set with far more abnormal sessions than a real one flatters precision), with
 * stratified bootstrap intervals. Pure functions over flag arrays returning plain objects.
 */
import {randomInt, randomLcg} from "d3";
import {percentileInterval, type Interval} from "../metrics/bootstrap.js";

/** DeepLog's HDFS test set: 553,366 normal and 16,838 abnormal sessions (Du et al., CCS 2017, table 2). */
export const DEEPLOG_HDFS_RATIO = Object.freeze({normal: 553_366, abnormal: 16_838});

export interface SessionCounts {
  normal: number;
  falsePositives: number;
  abnormal: number;
  truePositives: number;
}

export interface SessionMetrics extends SessionCounts {
  precision: number;
  recall: number;
  f1: number;
  /** False-positive rate: flagged normal sessions / normal sessions. */
  fpr: number;
  /** Precision and F1 had the test set held normal and abnormal sessions in `ratio` (same recall and FPR). */
  reweighted: {precision: number; f1: number; ratio: {normal: number; abnormal: number}};
}

/**
 * Metrics of session counts; ratios with a zero denominator are 0.
 * @example sessionMetrics({normal: 1000, falsePositives: 1, abnormal: 100, truePositives: 90}).reweighted.f1 // at DeepLog's ratio
 */
export function sessionMetrics(
  counts: SessionCounts,
  ratio: {normal: number; abnormal: number} = DEEPLOG_HDFS_RATIO
): SessionMetrics {
  const {normal, falsePositives, abnormal, truePositives} = counts;
  const recall = safe(truePositives, abnormal);
  const fpr = safe(falsePositives, normal);
  const precision = safe(truePositives, truePositives + falsePositives);
  const rwTrue = recall * ratio.abnormal;
  const rwPrecision = safe(rwTrue, rwTrue + fpr * ratio.normal);
  return {
    ...counts,
    precision,
    recall,
    f1: f1(precision, recall),
    fpr,
    reweighted: {precision: rwPrecision, f1: f1(rwPrecision, recall), ratio: {...ratio}}
  };
}

/**
 * Counts of flagged sessions among normal and abnormal ones.
 * @example sessionCounts([false, true], [true, true, false]) // {normal: 2, falsePositives: 1, abnormal: 3, truePositives: 2}
 */
export function sessionCounts(normalFlags: readonly boolean[], abnormalFlags: readonly boolean[]): SessionCounts {
  return {
    normal: normalFlags.length,
    falsePositives: normalFlags.filter(Boolean).length,
    abnormal: abnormalFlags.length,
    truePositives: abnormalFlags.filter(Boolean).length
  };
}

export interface SessionIntervals {
  precision: Interval;
  recall: Interval;
  f1: Interval;
  fpr: Interval;
  reweightedF1: Interval;
  resamples: number;
  level: number;
}

/**
 * Percentile bootstrap intervals, resampling normal and abnormal sessions separately (stratified, seeded d3 LCG),
 * so every resample keeps the test set's class sizes.
 * @example bootstrapSessionMetrics(normalFlags, abnormalFlags, {seed: 42}).reweightedF1 // [0.83, 0.86]
 */
export function bootstrapSessionMetrics(
  normalFlags: readonly boolean[],
  abnormalFlags: readonly boolean[],
  options: {resamples?: number; seed?: number; level?: number; ratio?: {normal: number; abnormal: number}} = {}
): SessionIntervals {
  const {resamples = 1000, seed = 42, level = 0.95, ratio = DEEPLOG_HDFS_RATIO} = options;
  const source = randomLcg(seed);
  const stats = {
    precision: new Float64Array(resamples),
    recall: new Float64Array(resamples),
    f1: new Float64Array(resamples),
    fpr: new Float64Array(resamples),
    reweightedF1: new Float64Array(resamples)
  };
  const normal = Uint8Array.from(normalFlags, Number);
  const abnormal = Uint8Array.from(abnormalFlags, Number);
  const drawNormal = randomInt.source(source)(Math.max(normal.length, 1));
  const drawAbnormal = randomInt.source(source)(Math.max(abnormal.length, 1));
  for (let r = 0; r < resamples; ++r) {
    let falsePositives = 0;
    let truePositives = 0;
    for (let i = 0; i < normal.length; ++i) falsePositives += normal[drawNormal()];
    for (let i = 0; i < abnormal.length; ++i) truePositives += abnormal[drawAbnormal()];
    const m = sessionMetrics({normal: normal.length, falsePositives, abnormal: abnormal.length, truePositives}, ratio);
    stats.precision[r] = m.precision;
    stats.recall[r] = m.recall;
    stats.f1[r] = m.f1;
    stats.fpr[r] = m.fpr;
    stats.reweightedF1[r] = m.reweighted.f1;
  }
  return {
    precision: percentileInterval(stats.precision, level),
    recall: percentileInterval(stats.recall, level),
    f1: percentileInterval(stats.f1, level),
    fpr: percentileInterval(stats.fpr, level),
    reweightedF1: percentileInterval(stats.reweightedF1, level),
    resamples,
    level
  };
}

function f1(precision: number, recall: number): number {
  return safe(2 * precision * recall, precision + recall);
}

function safe(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
