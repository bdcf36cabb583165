/**
 * Behind src/data/runs.json: the repository's committed runs (runs/, recorded by `perfspec train` and
 * `npm run reproduce -- --only d --runs runs`) with their held-out predictions, and which one is promoted.
 */
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {listRuns, PROMOTED_MODEL, PROMOTED_RUN_FILE, readPredictions} from "../src/node/runRegistry.js";
import type {RunsData} from "../src/lib/learn/runsView.js";
import {MODELS_DIR, REPOSITORY_ROOT} from "./dataSources.js";

/** The runs folder the pages show. */
export const RUNS_DIR = join(REPOSITORY_ROOT, "runs");

/** runs.json: every run in `dir` (oldest first), its predictions, and the id of the run in models/promoted/. */
export async function runsJson(dir = RUNS_DIR, modelsDir = MODELS_DIR): Promise<RunsData> {
  const runs = await listRuns(dir);
  const predictions: RunsData["predictions"] = {};
  for (const r of runs) predictions[r.id] = await readPredictions(dir, r.id);
  const promoted = await readFile(join(modelsDir, PROMOTED_MODEL, PROMOTED_RUN_FILE), "utf8").then(
    (text) => (JSON.parse(text) as {id?: string}).id ?? null,
    () => null // nothing promoted yet
  );
  return {runs, predictions, promoted};
}
