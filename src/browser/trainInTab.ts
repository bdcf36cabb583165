/**
 * The Train page's run: a neural model (LSTM or one of the zoo's kinds) trained in this tab through trainRun (the flow `perfspec train` uses), reporting
 * its progress after every epoch so the page can redraw, and ending at the next batch when `control.stop` is set.
 * The page binds the form and the buttons; this module holds what happens between Train and the result.
 */
import type {ActionRecord} from "../lib/ingest/types.js";
import type {EpochLog} from "../lib/learn/predictor.js";
import type {SessionMode} from "../lib/learn/sequences.js";
import type {SplitKind} from "../lib/learn/splits.js";
import type {SplitFit} from "../lib/learn/experiment.js";
import type {ArtifactFiles} from "../lib/learn/predictor.js";
import {trainRun, type TrainMetrics} from "../lib/learn/trainRun.js";
import type {ModelChoice} from "../lib/learn/models.js";
import {serializeArtifact} from "../lib/learn/artifact.js";
import {bundleArtifact} from "../lib/learn/artifactBundle.js";
import {modelEntry} from "../lib/learn/modelEntry.js";
import {splitCounts} from "../lib/learn/splits.js";
import {liveTensors} from "./tfBackend.js";
import {saveTrainedModel} from "./modelStore.js";
import type {CleaningPolicy} from "../lib/ingest/cleaningPolicy.js";

/** The settings of one Train click (the page's form). */
export interface TrainRequest {
  /** The neural kind to train (NEURAL_KINDS); "lstm" when absent. */
  kind?: NeuralKind;
  dataset: string;
  session: SessionMode;
  split: SplitKind;
  window: number;
  units: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
}

/** What the page shows: idle, training (with the epochs so far), evaluating, done or stopped, or an error. */
export interface TrainProgress {
  status: "idle" | "training" | "evaluating" | "done" | "stopped" | "error";
  history: EpochLog[];
  request?: TrainRequest;
  counts?: ReturnType<typeof splitCounts>;
  vocabulary?: number;
  tensors?: number;
  fit?: SplitFit;
  metrics?: TrainMetrics;
  files?: ArtifactFiles;
  name?: string;
  /** Whether the model was kept in this browser (IndexedDB); false when storage is unavailable. */
  saved?: boolean;
  seconds?: number;
  message?: string;
}

/** The kinds the page offers, with their labels (trainableKinds.ts, which loads without TF.js). */
export {TRAINABLE_KINDS, type NeuralKind} from "./trainableKinds.js";
import type {NeuralKind} from "./trainableKinds.js";

/** The name a trained model is offered under (and its download folder), e.g. "lstm-w2-u32-chrono-global". */
export function trainedModelName(request: TrainRequest): string {
  return `${request.kind ?? "lstm"}-w${request.window}-u${request.units}-${request.split}-${request.session}`;
}

/**
 * Train the requested kind (an LSTM by default) on `data` with the settings of `request`, calling `report` with
 * the progress after every epoch and at the end; errors are reported, not thrown.
 */
export async function trainInTab(
  data: {records: readonly ActionRecord[]; source: readonly string[]; policy?: CleaningPolicy | null},
  request: TrainRequest,
  control: {stop: boolean},
  report: (progress: TrainProgress) => void
): Promise<void> {
  const t0 = performance.now();
  const {units, epochs, batchSize, learningRate, seed} = request;
  const spec = {
    model: {
      kind: request.kind ?? "lstm",
      hyperparameters: {units, epochs, batchSize, learningRate, seed}
    } as ModelChoice,
    session: request.session,
    split: request.split,
    window: request.window,
    seed,
    source: data.source,
    // Recorded in the model's config.json, as `perfspec train` does (omitted: an action list, read as perfspec).
    ...(data.policy === undefined ? {} : {policy: data.policy})
  };
  let base: TrainProgress = {status: "training", request, history: []};
  const history: EpochLog[] = [];
  // At once, so the page disables Train (and enables Stop) while the windows are still being built.
  report(base);
  try {
    const run = await trainRun(data.records, spec, {
      onExperiment(experiment) {
        base = {...base, counts: splitCounts(experiment.split), vocabulary: experiment.vocabulary.actions.length};
        report(base);
      },
      onEpochEnd(log) {
        history.push(log);
        report({...base, history: history.slice(), tensors: liveTensors()});
        return !control.stop;
      },
      shouldStop: () => control.stop,
      onFit: (fit) => report({...base, status: "evaluating", history: fit.history, fit})
    });
    try {
      const {fit, evaluation, metrics} = run;
      const files = await serializeArtifact(run.artifact);
      const name = trainedModelName(request);
      const entry = modelEntry(name, name, run.artifact, evaluation);
      // Kept for the other pages; a private window without storage still gets its result and downloads.
      const saved = await saveTrainedModel({
        entry,
        bundle: bundleArtifact(name, files),
        savedAt: new Date().toISOString()
      })
        .then(() => true)
        .catch(() => false);
      const status = control.stop && fit.stoppedEarly ? "stopped" : "done";
      report({
        ...base,
        status,
        history: fit.history,
        fit,
        metrics,
        files,
        name,
        saved,
        seconds: (performance.now() - t0) / 1000
      });
    } finally {
      run.model.dispose();
    }
  } catch (error) {
    report({status: "error", history: [], message: error instanceof Error ? error.message : String(error)});
  }
}
