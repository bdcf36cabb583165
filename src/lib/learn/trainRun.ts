/**
 * One training run, the same for the command line, the pages and the scripts: sessions, split and vocabulary
 * (prepareExperiment), a fresh model (createModel), a fit on the training part (fitSplit), an evaluation on the
 * held-out part (evaluateModel), and the config.json / split.json / metrics.json an artifact records.
 */
import type {CleaningPolicy} from "../ingest/cleaningPolicy.js";
import type {ActionRecord} from "../ingest/types.js";
import type {FitCallbacks, Predictor} from "./predictor.js";
import {createModel, type ModelChoice, type ModelParameters} from "./models.js";
import {fitSplit, prepareExperiment, type Experiment, type ExperimentOptions, type SplitFit} from "./experiment.js";
import {splitCounts} from "./splits.js";
import {evaluateModel, evaluationSummary, type Evaluation} from "./evaluate.js";
import type {ArtifactParts, ModelConfig, SplitSpec} from "./artifact.js";

export interface TrainSpec extends ExperimentOptions {
  /** The kind of model and its hyperparameters. An LSTM without a seed of its own uses the run's seed. */
  model: ModelChoice;
  /** Names of the data the records come from, recorded in config.json and split.json (e.g. the paths given). */
  source: readonly string[];
  /** The cleaning policy the records were made with, recorded in config.json (null: unknown; omitted: read as perfspec). */
  policy?: CleaningPolicy | null;
}

export interface TrainCallbacks extends FitCallbacks {
  /** Called once the split and vocabulary are known, before the model is built. */
  onExperiment?: (experiment: Experiment) => void;
  /** Called after the fit, before the (for an LSTM, slow) evaluation on the held-out part. */
  onFit?: (fit: SplitFit) => void;
}

/** metrics.json: the evaluation summary with the per-class scores and the fit time. */
export type TrainMetrics = ReturnType<typeof evaluationSummary> & {
  perClass: Evaluation["perClass"];
  fitSeconds: number;
};

export interface TrainRun {
  /** The trained model: the caller disposes it. */
  model: Predictor;
  experiment: Experiment;
  fit: SplitFit;
  evaluation: Evaluation;
  metrics: TrainMetrics;
  /** Everything serializeArtifact needs: `await serializeArtifact(run.artifact)` gives the model folder's files. */
  artifact: ArtifactParts;
}

/**
 * Train a model on the training part of `records` and evaluate it on the held-out part.
 * @example const run = await trainRun(records, {model: {kind: "ngram"}, session: "global", split: "chrono", window: 2, source: ["events.txt"]})
 */
export async function trainRun(
  records: readonly ActionRecord[],
  spec: TrainSpec,
  callbacks: TrainCallbacks = {}
): Promise<TrainRun> {
  const experiment = prepareExperiment(records, {
    session: spec.session,
    split: spec.split,
    window: spec.window,
    testFraction: spec.testFraction,
    seed: spec.seed
  });
  const {window, session, split: splitKind, testFraction, seed} = experiment.options;
  callbacks.onExperiment?.(experiment);
  const choice = withHyperparameters(spec.model, seed);
  const model = await createModel({...choice, window, vocabulary: experiment.vocabulary});
  try {
    const fit = await fitSplit(model, experiment, callbacks);
    callbacks.onFit?.(fit);
    const evaluation = evaluateModel(model, experiment.vocabulary, experiment.split.testWindows, {
      trainWindows: experiment.split.trainWindows,
      stream: experiment.stream,
      sessions: experiment.sessions,
      seed
    });
    const metrics: TrainMetrics = {
      ...evaluationSummary(evaluation),
      perClass: evaluation.perClass,
      fitSeconds: fit.seconds
    };
    const source = [...spec.source];
    // Object.assign keeps the key order config.json has always had (kind, window, session, hyperparameters, ...).
    const config: ModelConfig = Object.assign({kind: choice.kind, window, session}, choice, {
      seed,
      data: spec.policy === undefined ? {source} : {source, policy: spec.policy},
      vocabularySize: experiment.vocabulary.actions.length,
      createdAt: new Date().toISOString()
    });
    const split: SplitSpec = {
      source,
      kind: splitKind,
      session,
      window,
      testFraction,
      seed,
      counts: {actions: records.length, ...splitCounts(experiment.split)},
      fitMethod: fit.method
    };
    return {
      model,
      experiment,
      fit,
      evaluation,
      metrics,
      artifact: {model, vocabulary: experiment.vocabulary, config, split, metrics, history: fit.history}
    };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** The choice with its hyperparameters spelled out, as config.json records them: a neural model gets the run's seed by default. */
function withHyperparameters(choice: ModelChoice, seed: number): ModelParameters {
  switch (choice.kind) {
    case "lstm":
      return {kind: "lstm", hyperparameters: {seed, ...choice.hyperparameters}};
    case "ngram":
      return {kind: "ngram", hyperparameters: {...choice.hyperparameters}};
    case "bayes":
      return {kind: "bayes", hyperparameters: {...choice.hyperparameters}};
    case "gru":
    case "transformer":
    case "tcn":
    case "mlp":
    case "context":
      return {kind: choice.kind, hyperparameters: {seed, ...choice.hyperparameters}} as ModelParameters;
    case "actor":
      return {kind: "actor", hyperparameters: {...choice.hyperparameters}};
    case "interp":
      return {kind: "interp", hyperparameters: {...choice.hyperparameters}};
  }
}
