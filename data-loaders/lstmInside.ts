/**
 * Behind src/data/lstm-inside.json: what the Inside the LSTM page draws first, computed at build time from the
 * shipped models/lstm-w2 by the same library the page runs (lstmInspect.ts, actionProjection.ts), so the page
 * draws its layers, action map and training history before TensorFlow.js has loaded in the browser.
 */
import {join} from "node:path";
import {loadModelDir} from "../src/node/artifact.js";
import {actionVectors, layerSummaries, type LayerSummary} from "../src/lib/learn/lstmInspect.js";
import {projectActions, type ProjectedAction} from "../src/lib/learn/actionProjection.js";
import type {LstmPredictor} from "../src/lib/learn/lstm.js";
import type {Artifact} from "../src/lib/learn/artifact.js";
import {MODELS_DIR} from "./dataSources.js";

export interface LstmInside {
  /** The model folder, e.g. "models/lstm-w2". */
  model: string;
  window: number;
  /** Every action id's name, PAD and UNK first (the vocabulary's order). */
  actions: readonly string[];
  layers: LayerSummary[];
  projection: {points: ProjectedAction[]; explained: number[]};
  history: Artifact["history"];
}

/** @example (await lstmInsideJson()).layers[0].name // "projection" */
export async function lstmInsideJson(name = "lstm-w2"): Promise<LstmInside> {
  const {artifact, model} = await loadModelDir(join(MODELS_DIR, name));
  try {
    if (artifact.config.kind !== "lstm") throw new Error(`models/${name} is a ${artifact.config.kind}, not an LSTM`);
    const lstm = model as LstmPredictor;
    return {
      model: `models/${name}`,
      window: lstm.window,
      actions: artifact.vocabulary.actions,
      layers: layerSummaries(lstm),
      projection: projectActions(actionVectors(lstm), artifact.vocabulary),
      history: artifact.history
    };
  } finally {
    model.dispose();
  }
}
