/**
 * Behind src/data/traces/[name].json: what a shipped model (models/<name>) predicted at every step of the held-out
 * part of the embedded sequence, traced at build time by the same traceSequence the Predictions page runs, with
 * the page's largest top k, so the page draws its charts before TensorFlow.js and the models have loaded.
 */
import {join} from "node:path";
import {loadModelDir} from "../src/node/artifact.js";
import {traceSequence} from "../src/lib/learn/nextActions.js";
import {prepareTrace, type PreparedTrace} from "../src/lib/learn/preparedTrace.js";
import {MODELS_DIR} from "./dataSources.js";
import {sequenceJson} from "./sequence.js";

/** The Predictions page's largest top k (its slider's maximum). */
export const PREPARED_TOP_K = 10;

/** @example (await traceJson("ngram-w2")).steps.length // 2,165: the held-out part of the embedded sequence */
export async function traceJson(name: string): Promise<PreparedTrace> {
  // One path segment: the route parameter never reaches outside models/.
  if (!/^[\w.-]+$/.test(name) || name.startsWith(".")) throw new Error(`"${name}" is not a model folder name`);
  const {actions, testStart} = await sequenceJson();
  const {artifact, model} = await loadModelDir(join(MODELS_DIR, name));
  try {
    // As the page traces it: the held-out actions, after the training part as history.
    const steps = traceSequence(model, artifact.vocabulary, actions.slice(testStart), {
      k: PREPARED_TOP_K,
      history: actions.slice(0, testStart),
      start: testStart
    });
    return prepareTrace(steps, {model: `models/${name}`, window: model.window, k: PREPARED_TOP_K});
  } finally {
    model.dispose();
  }
}
