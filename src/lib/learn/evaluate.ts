/**
 * Evaluation of a model on test windows: accuracy, top-5, macro/weighted F1, per-class scores, confusion matrix,
 * bootstrap CIs, the leakage audit and inference time. True labels stay strings, so a test action never seen in
 * training (UNK for the model) still counts as wrong and appears in the per-class table.
 */
import {maxIndex} from "d3";
import type {Predictor} from "./predictor.js";
import {PAD_ID, UNK_ID, type Vocabulary} from "./vocabulary.js";
import {encodeContext, type ActionWindow} from "./windows.js";
import {formatLeakage, leakageAudit, type LeakageAudit} from "./leakage.js";
import {accuracy} from "../metrics/accuracy.js";
import {topKAccuracy} from "../metrics/topKAccuracy.js";
import {confusionMatrix, type ConfusionMatrix} from "../metrics/confusionMatrix.js";
import {precisionRecallF1, type ClassScores} from "../metrics/precisionRecallF1.js";
import {bootstrapIntervals, type Interval} from "../metrics/bootstrap.js";
import type {Session} from "./sequences.js";
import {readsAttributes, windowAttributes} from "./windowAttributes.js";

export interface EvaluationOptions {
  /** Training windows, for the leakage audit. */
  trainWindows?: readonly ActionWindow[];
  /** The whole action stream, for the repetition check. */
  stream?: readonly string[];
  /** Bootstrap resamples (default 1000) and seed (default 42). */
  resamples?: number;
  seed?: number;
  /** Contexts per predict() call. Default 4096. */
  batchSize?: number;
  /** The sessions the windows came from: a model that reads attributes (users, namespaces) gets them from here. */
  sessions?: readonly Session[];
}

export interface Evaluation {
  n: number;
  accuracy: number;
  top5: number;
  macroF1: number;
  weightedF1: number;
  macroPrecision: number;
  macroRecall: number;
  perClass: ClassScores[];
  confusion: ConfusionMatrix;
  ci: {accuracy: Interval; macroF1: Interval};
  leakage: LeakageAudit;
  /** Batched predict() time per test window, in microseconds. */
  inferenceMicros: number;
  /** Median time of one predict() call on a single context, in microseconds. */
  singleInferenceMicros: number;
  /** Predicted action of each test window (for paired comparisons). */
  predictions: string[];
  truth: string[];
}

/**
 * Evaluate `model` (whose ids follow `vocabulary`) on test windows.
 * @example const result = evaluateModel(model, experiment.vocabulary, experiment.split.testWindows, {trainWindows: experiment.split.trainWindows})
 */
export function evaluateModel(
  model: Predictor,
  vocabulary: Vocabulary,
  testWindows: readonly ActionWindow[],
  options: EvaluationOptions = {}
): Evaluation {
  const {batchSize = 4096, resamples = 1000, seed = 42} = options;
  if (model.size !== vocabulary.actions.length)
    throw new Error(`the model predicts ${model.size} classes but the vocabulary has ${vocabulary.actions.length}`);
  const truth = testWindows.map((w) => w.target);
  const contexts = testWindows.map((w) => encodeContext(vocabulary, w.context));
  const truthIds = truth.map((a) => vocabulary.index.get(a) ?? -1);
  const predictions: string[] = [];
  const start = performance.now();
  const rows: Float32Array[] = [];
  const attributes =
    readsAttributes(model) && options.sessions
      ? windowAttributes(options.sessions, testWindows, contexts[0]?.length ?? 0)
      : undefined;
  for (let i = 0; i < contexts.length; i += batchSize) {
    const chunk = contexts.slice(i, i + batchSize);
    // A loop, not push(...spread): a large batch would exceed the argument limit.
    const predicted =
      attributes && readsAttributes(model)
        ? model.predictAttributed(chunk, attributes.slice(i, i + batchSize))
        : model.predict(chunk);
    for (const row of predicted) rows.push(row);
  }
  const seconds = (performance.now() - start) / 1000;
  for (let i = 0; i < rows.length; ++i) {
    const row = Float32Array.from(rows[i]);
    row[PAD_ID] = row[UNK_ID] = -Infinity; // never predict the special tokens
    predictions.push(vocabulary.actions[maxIndex(row)]);
  }
  const top5Hits = topKAccuracy(rows, truthIds, 5, [PAD_ID, UNK_ID]);
  const confusion = confusionMatrix(truth, predictions);
  const scores = precisionRecallF1(confusion);
  const ci = bootstrapIntervals(truth, predictions, {resamples, seed});
  return {
    n: truth.length,
    accuracy: accuracy(truth, predictions),
    top5: top5Hits,
    macroF1: scores.macro.f1,
    weightedF1: scores.weighted.f1,
    macroPrecision: scores.macro.precision,
    macroRecall: scores.macro.recall,
    perClass: scores.perClass,
    confusion,
    ci: {accuracy: ci.accuracy, macroF1: ci.macroF1},
    leakage: leakageAudit(options.trainWindows ?? [], testWindows, options.stream),
    inferenceMicros: truth.length ? (seconds * 1e6) / truth.length : 0,
    singleInferenceMicros: singleLatency(model, contexts),
    predictions,
    truth
  };
}

/** Median microseconds of predict() on one context, over up to 50 contexts. */
function singleLatency(model: Predictor, contexts: readonly number[][]): number {
  const times: number[] = [];
  for (let i = 0; i < Math.min(50, contexts.length); ++i) {
    const t = performance.now();
    model.predict([contexts[i]]);
    times.push((performance.now() - t) * 1000);
  }
  times.sort((a, b) => a - b);
  return times.length ? times[times.length >> 1] : 0;
}

/** Plain summary of an evaluation for JSON output (no per-item arrays, no confusion matrix). */
export function evaluationSummary(
  e: Evaluation
): Omit<Evaluation, "predictions" | "truth" | "confusion" | "perClass"> & {classes: number} {
  const {predictions: _p, truth: _t, confusion, perClass: _c, ...rest} = e;
  return {...rest, classes: confusion.labels.length};
}

/** A small human-readable table of an evaluation, followed by the leakage audit. */
export function formatEvaluation(e: Evaluation): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const ci = (i: Interval) => `[${pct(i[0])}, ${pct(i[1])}]`;
  const rows: [string, string, string][] = [
    ["test windows", String(e.n), ""],
    ["accuracy (top-1)", pct(e.accuracy), `95% CI ${ci(e.ci.accuracy)}`],
    ["top-5 accuracy", pct(e.top5), ""],
    ["macro F1", e.macroF1.toFixed(3), `95% CI [${e.ci.macroF1[0].toFixed(3)}, ${e.ci.macroF1[1].toFixed(3)}]`],
    ["weighted F1", e.weightedF1.toFixed(3), ""],
    ["classes (true or predicted)", String(e.confusion.labels.length), ""],
    [
      "inference / window",
      `${e.inferenceMicros.toFixed(1)} µs`,
      `single context ${e.singleInferenceMicros.toFixed(1)} µs`
    ]
  ];
  const w0 = Math.max(...rows.map((r) => r[0].length));
  const w1 = Math.max(...rows.map((r) => r[1].length));
  return [
    ...rows.map(([a, b, c]) => `${a.padEnd(w0)}  ${b.padStart(w1)}  ${c}`.trimEnd()),
    ...formatLeakage(e.leakage)
  ];
}
