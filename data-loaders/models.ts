/**
 * Behind src/data/models.json: the shipped models (shippedModels.ts) with their held-out metrics, computed by
 * evaluateRun exactly as `perfspec evaluate --model models/<name> --json` computes them.
 */
import {existsSync} from "node:fs";
import {isAbsolute, join, resolve} from "node:path";
import {loadModelDir} from "../src/node/artifact.js";
import {loadActionRecords} from "../src/node/loadActions.js";
import {evaluateRun, type EvaluateRun} from "../src/lib/learn/evaluateRun.js";
import type {Artifact} from "../src/lib/learn/artifact.js";
import {modelEntry} from "../src/lib/learn/modelEntry.js";
import {majorityBaseline, type MajorityBaseline} from "../src/lib/learn/majorityBaseline.js";
import {MODELS_DIR, REPOSITORY_ROOT} from "./dataSources.js";
import {DEFAULT_MODELS} from "./shippedModels.js";

/**
 * Evaluate models/<name> on the held-out part its split.json describes: the same evaluateRun call as
 * `perfspec evaluate` (src/cli/evaluate.ts), so the pages show what the command prints.
 */
export async function evaluateModelFolder(
  name: string
): Promise<Pick<EvaluateRun, "evaluation" | "summary" | "experiment"> & {artifact: Artifact}> {
  const {artifact, model} = await loadModelDir(join(MODELS_DIR, name));
  try {
    // split.json records paths as given to `perfspec train` (relative to the repository root).
    const paths = artifact.split.source.map((p) => (isAbsolute(p) ? p : resolve(REPOSITORY_ROOT, p)));
    const {evaluation, summary, experiment, warnings} = evaluateRun(artifact, model, await loadActionRecords(paths), {
      name: `models/${name}`
    });
    for (const warning of warnings) console.error(`warning: models/${name}: ${warning}`);
    return {evaluation, summary, experiment, artifact};
  } finally {
    model.dispose();
  }
}

/**
 * models.json: every shipped model with its metrics, per-class scores, a folded confusion matrix and training
 * history; and the most-frequent-action baseline on the first model's test windows (the shipped models share
 * one split), the floor every model must clear.
 */
export async function modelsJson(): Promise<unknown> {
  const models = [];
  let baseline: (MajorityBaseline & {split: Artifact["split"]}) | null = null;
  for (const {name, label} of DEFAULT_MODELS) {
    if (!existsSync(join(MODELS_DIR, name, "manifest.json")))
      throw new Error(`models/${name} is missing: run \`npm run train\``);
    const {evaluation, summary, experiment, artifact} = await evaluateModelFolder(name);
    models.push(modelEntry(name, label, artifact, evaluation, summary));
    baseline ??= {...majorityBaseline(experiment.split.trainWindows, evaluation.truth), split: artifact.split};
  }
  return {models, baseline};
}
