/**
 * A trace of next-action predictions (traceSequence) as people read it on the predictions page: how many real
 * actions the model saw coming, a verdict per step, and the position of a step-by-step replay.
 */
import type {TraceStep} from "./nextActions.js";

export interface TraceSummary {
  steps: number;
  /** Steps whose real action was in the model's top k. */
  hits: number;
  /** Steps whose real action was the model's first choice. */
  top1: number;
  /** Steps whose real action the model never saw in training. */
  unknown: number;
}

/** @example traceSummary(steps) // {steps: 3, hits: 2, top1: 1, unknown: 1} */
export function traceSummary(steps: readonly TraceStep[]): TraceSummary {
  const count = (test: (s: TraceStep) => boolean) => steps.filter(test).length;
  return {
    steps: steps.length,
    hits: count((s) => s.hit),
    top1: count((s) => s.rank === 1),
    unknown: count((s) => s.unknown)
  };
}

/**
 * What a step means for a top-`k` reader.
 * @example stepVerdict({hit: false, unknown: true, rank: Infinity}, 5) // "SURPRISE (never seen)"
 */
export function stepVerdict(step: Pick<TraceStep, "hit" | "rank" | "unknown">, k: number): string {
  if (step.hit) return step.rank === 1 ? "top-1" : `in top ${k}`;
  return step.unknown ? "SURPRISE (never seen)" : "SURPRISE";
}

export interface TraceRow {
  position: number;
  action: string;
  verdict: string;
  rank: number;
  probability: number;
  /** The model's top k with their probabilities, e.g. "get_pods 41% · list_pods 12%". */
  expected: string;
}

/**
 * The step-by-step table of a trace, every step or only the surprises.
 * @example traceRows(steps, 5, {onlySurprises: true}).map((r) => r.verdict) // ["SURPRISE"]
 */
export function traceRows(steps: readonly TraceStep[], k: number, {onlySurprises = false} = {}): TraceRow[] {
  return steps
    .filter((s) => !onlySurprises || !s.hit)
    .map((s) => ({
      position: s.index,
      action: s.action,
      verdict: stepVerdict(s, k),
      rank: s.rank,
      probability: s.probability,
      expected: s.predicted.map((p) => `${p.action} ${(100 * p.probability).toFixed(0)}%`).join(" · ")
    }));
}
