/** Inference: time of one next-action prediction per model, against the paper's figures and the goals. */
import {DEDUP_SEQUENCE} from "../inputs.js";
import {runNodeChild} from "../measure.js";
import {fmt, type Row} from "../goals.js";
import {PAPER_INFERENCE_SECONDS} from "../paper.js";

type PredictResult = {
  backend: string;
  models: {kind: string; window: number; medianSeconds: number; p90Seconds: number; calls: number}[];
};

/** Our per-prediction budgets (s). */
const GOAL_SECONDS: Record<string, number> = {ngram: 5e-6, lstm: 1e-3};

export async function benchInference(options: {quick: boolean; log: (s: string) => void}) {
  const run = await runNodeChild<PredictResult>("bench/inference/predictChild.ts", [
    DEDUP_SEQUENCE,
    options.quick ? "50" : "300"
  ]);
  const models = run.result.models.map((m) => {
    const key = `${m.kind} w${m.window}`;
    const paper = PAPER_INFERENCE_SECONDS[key];
    return {...m, key, paperSeconds: paper.seconds, paperSource: paper.source, goalSeconds: GOAL_SECONDS[m.kind]};
  });
  const rows: Row[] = [];
  for (const m of models) {
    options.log(`inference: ${m.key} median ${fmt.s(m.medianSeconds)}`);
    rows.push({
      section: "inference",
      figure: `${m.key}: paper / ours`,
      ratio: m.paperSeconds / m.medianSeconds,
      context: `${fmt.s(m.medianSeconds)} median (p90 ${fmt.s(m.p90Seconds)}) vs paper ${fmt.s(m.paperSeconds)} (${m.paperSource})`
    });
    if (m.goalSeconds !== undefined) {
      rows.push({
        section: "inference",
        figure: `${m.key}: budget / ours`,
        ratio: m.goalSeconds / m.medianSeconds,
        goal: 1,
        context: `${fmt.s(m.medianSeconds)} vs budget ${fmt.s(m.goalSeconds)}`
      });
    }
  }
  return {backend: run.result.backend, models, rows};
}
