/**
 * Loader programs behind src/data/models.json, src/data/models/<name>.json, src/data/sequence.json,
 * src/data/paper.json and src/data/tfjs/*.wasm: the shipped model artifacts (models/, made by `npm run train`),
 * their held-out metrics computed exactly as `perfspec evaluate --model models/<name> --json` computes them,
 * the embedded sequence for browser training and replay, and the TF.js wasm binaries served locally.
 */
import {existsSync} from "node:fs";
import {readFile} from "node:fs/promises";
import {basename, isAbsolute, join, resolve} from "node:path";
import {readArtifactDir, loadModelDir} from "../src/node/artifact.js";
import {loadActionRecords} from "../src/node/loadActions.js";
import {prepareExperiment, evaluateModel, evaluationSummary, type Evaluation} from "../src/lib/learn/index.js";
import {bundleArtifact} from "../src/lib/learn/artifactBundle.js";
import {foldConfusion} from "../src/lib/metrics/foldConfusion.js";
import {EMBEDDED_SEQUENCE, MODELS_DIR, REPOSITORY_ROOT} from "./dataSources.js";

/** The shipped models, in the order pages list them. */
export const DEFAULT_MODELS = [
  {name: "ngram-w2", label: "n-gram w=2"},
  {name: "bayes", label: "Bayesian network w=2"},
  {name: "lstm-w2", label: "LSTM w=2"}
] as const;

/** Rows of the confusion heatmap before the rest is folded into "(other)". */
const CONFUSION_TOP = 15;

/**
 * Evaluate a model folder on the held-out part its split.json describes, with the same calls and arguments as
 * `perfspec evaluate` (src/cli/evaluate.ts): so the pages show what the command prints.
 */
export async function evaluateModelFolder(name: string): Promise<{
  evaluation: Evaluation;
  summary: Record<string, unknown>;
  artifact: Awaited<ReturnType<typeof loadModelDir>>["artifact"];
}> {
  const {artifact, model} = await loadModelDir(join(MODELS_DIR, name));
  try {
    const {split, config} = artifact;
    // split.json records paths as given to `perfspec train` (relative to the repository root).
    const records = await loadActionRecords(split.source.map((p) => (isAbsolute(p) ? p : resolve(REPOSITORY_ROOT, p))));
    const experiment = prepareExperiment(records, {
      session: split.session,
      split: split.kind,
      window: split.window,
      testFraction: split.testFraction,
      seed: split.seed
    });
    const evaluation = evaluateModel(model, artifact.vocabulary, experiment.split.testWindows, {
      trainWindows: experiment.split.trainWindows,
      stream: experiment.stream,
      seed: split.seed,
      resamples: 1000
    });
    const summary = {
      model: `models/${name}`,
      kind: config.kind,
      window: config.window,
      session: split.session,
      split: split.kind,
      source: split.source,
      ...evaluationSummary(evaluation)
    };
    return {evaluation, summary, artifact};
  } finally {
    model.dispose();
  }
}

/** models.json: every shipped model with its metrics, per-class scores, a folded confusion matrix and training history. */
export async function modelsJson(): Promise<unknown> {
  const models = [];
  for (const {name, label} of DEFAULT_MODELS) {
    if (!existsSync(join(MODELS_DIR, name, "manifest.json")))
      throw new Error(`models/${name} is missing: run \`npm run train\``);
    const {evaluation, summary, artifact} = await evaluateModelFolder(name);
    models.push({
      name,
      label,
      config: artifact.config,
      split: artifact.split,
      metrics: summary,
      perClass: evaluation.perClass,
      confusion: foldConfusion(evaluation.confusion, CONFUSION_TOP),
      history: artifact.history
    });
  }
  return {models};
}

/** models/<name>.json: every file of the model folder in one JSON value (see src/lib/learn/artifactBundle.ts). */
export async function modelBundleJson(name: string): Promise<unknown> {
  return bundleArtifact(name, await readArtifactDir(join(MODELS_DIR, name)));
}

/** sequence.json: the embedded de-duplicated sequence, with the chronological 80/20 cut the default models use. */
export async function sequenceJson(): Promise<unknown> {
  const records = await loadActionRecords(EMBEDDED_SEQUENCE);
  const actions = records.map((r) => r.action);
  return {file: basename(EMBEDDED_SEQUENCE), actions, testStart: Math.floor(actions.length * 0.8)};
}

/**
 * paper.json: the PerfSPEC table beside ours under the three protocols, from src/data/reproduce.json (written by
 * `npm run reproduce`, about 20 minutes with the LSTMs, and committed so that builds stay fast).
 */
export async function paperJson(): Promise<unknown> {
  const reproduce = resolve(REPOSITORY_ROOT, "src/data/reproduce.json");
  if (!existsSync(reproduce)) throw new Error(`${reproduce} is missing: run 'npm run reproduce' to make it`);
  return {from: "reproduce.json", ...(JSON.parse(await readFile(reproduce, "utf8")) as object)};
}
