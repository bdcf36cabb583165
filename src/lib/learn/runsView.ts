/**
 * What the Runs page shows of the run registry (runs.json, see data-loaders/runs.ts): one table row per run,
 * the points of their training curves on shared axes, and the paired test between two chosen runs.
 */
import type {EpochLog} from "./predictor.js";
import {compareRuns, type RunComparison, type RunPredictions, type RunRecord} from "./runRecord.js";

/** runs.json: every committed run with its held-out predictions, and the promoted run's id (or null). */
export interface RunsData {
  runs: RunRecord[];
  predictions: Record<string, RunPredictions>;
  promoted: string | null;
}

export interface RunRow {
  run: string;
  /** Short name for charts: kind, window and the id's last six characters (its hash). */
  label: string;
  model: string;
  sessions: string;
  data: string;
  "top-1": number;
  "top-1 95% CI": [number, number];
  "top-5": number;
  "macro F1": number;
  "test windows": number;
  candidates: number | null;
  promoted: boolean;
}

/**
 * A table row per run, newest first.
 * @example runRows(data)[0].model // "actor w=3 {\"cache\":0.15}"
 */
export function runRows(data: RunsData): RunRow[] {
  return [...data.runs].reverse().map((r) => ({
    run: r.id,
    label: runLabel(r),
    model: `${r.params.kind} w=${r.params.window}${Object.entries(r.params.hyperparameters ?? {})
      .map(([k, v]) => ` ${k}=${v}`)
      .join(",")}`,
    sessions: `${r.params.session}, ${r.params.split} ${Math.round(100 * (1 - r.params.testFraction))}/${Math.round(100 * r.params.testFraction)}`,
    data: `${r.params.source.map((s) => s.split("/").pop()).join(", ")} (${r.dataFingerprint.slice(0, 8)})`,
    "top-1": r.metrics.accuracy,
    "top-1 95% CI": r.metrics.ci.accuracy,
    "top-5": r.metrics.top5,
    "macro F1": r.metrics.macroF1,
    "test windows": r.metrics.n,
    candidates: r.search ? r.search.length : null,
    promoted: r.id === data.promoted
  }));
}

/** @example runLabel(record) // "ngram w=2 · 960e89" */
export function runLabel(r: Pick<RunRecord, "id" | "params">): string {
  return `${r.params.kind} w=${r.params.window} · ${r.id.slice(-6)}`;
}

export interface CurvePoint {
  run: string;
  epoch: number;
  measure: "training accuracy" | "validation accuracy";
  value: number;
}

/**
 * Each run's accuracy per epoch (training, and validation when it was logged), for curves on shared axes; a run
 * is named by runLabel when it has params, else by its id.
 */
export function curvePoints(
  runs: readonly (Pick<RunRecord, "id" | "history"> & {params?: RunRecord["params"]})[]
): CurvePoint[] {
  return runs.flatMap((r) => {
    const run = r.params ? runLabel({id: r.id, params: r.params}) : r.id;
    return r.history.flatMap((h: EpochLog) => [
      {run, epoch: h.epoch, measure: "training accuracy" as const, value: h.accuracy},
      ...(h.valAccuracy === undefined
        ? []
        : [{run, epoch: h.epoch, measure: "validation accuracy" as const, value: h.valAccuracy}])
    ]);
  });
}

/**
 * The paired bootstrap test between runs `a` and `b`, or why there is none (other test windows, same run).
 * @example pairRuns(data, data.runs[2].id, data.runs[0].id) // {comparison: {a, b, test: {difference, ci, pValue}}}
 */
export function pairRuns(
  data: RunsData,
  a: string,
  b: string,
  options: {resamples?: number; seed?: number} = {}
): {comparison: RunComparison} | {reason: string} {
  if (a === b) return {reason: "choose two different runs"};
  const byId = new Map(data.runs.map((r) => [r.id, r]));
  const [ra, rb] = [byId.get(a), byId.get(b)];
  const [pa, pb] = [data.predictions[a], data.predictions[b]];
  if (!ra || !rb || !pa || !pb) return {reason: `no run ${!ra || !pa ? a : b} with predictions`};
  try {
    return {comparison: compareRuns(ra, pa, rb, pb, options)};
  } catch (error) {
    return {reason: (error as Error).message};
  }
}
