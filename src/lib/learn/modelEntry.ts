/**
 * What the pages know about one trained model: the shape of each entry of src/data/models.json (shipped models,
 * evaluated by the data loader) and of each model trained on the Train page (evaluated in the tab), so the
 * Metrics page treats both alike.
 */
import type {Artifact} from "./artifact.js";
import {evaluationSummary, type Evaluation} from "./evaluate.js";
import {foldConfusion} from "../metrics/foldConfusion.js";

/** Rows of the confusion heatmap before the rest is folded into "(other)". */
export const CONFUSION_TOP = 15;

export interface ModelEntry {
  name: string;
  label: string;
  config: Artifact["config"];
  split: Artifact["split"];
  metrics: ReturnType<typeof evaluationSummary>;
  perClass: Evaluation["perClass"];
  confusion: Evaluation["confusion"];
  history: Artifact["history"];
}

/**
 * `metrics` defaults to the evaluation's summary; the data loader passes evaluateRun's (the same, plus the
 * model and split described, as `perfspec evaluate --json` prints).
 * @example modelEntry("ngram-w2", "n-gram w=2", artifact, evaluation).metrics.accuracy
 */
export function modelEntry(
  name: string,
  label: string,
  artifact: Pick<Artifact, "config" | "split"> & {history?: Artifact["history"]},
  evaluation: Evaluation,
  metrics: ModelEntry["metrics"] = evaluationSummary(evaluation)
): ModelEntry {
  return {
    name,
    label,
    config: artifact.config,
    split: artifact.split,
    metrics,
    perClass: evaluation.perClass,
    confusion: foldConfusion(evaluation.confusion, CONFUSION_TOP),
    history: artifact.history ?? []
  };
}
