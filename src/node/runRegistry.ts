/**
 * The run registry on disk: one folder per run, `<runs>/<id>/run.json` (RunRecord) and `predictions.json`
 * (RunPredictions). `perfspec train` adds a run; `perfspec runs` lists, shows, compares and promotes them.
 * Promoting copies the run's model artifact to `models/promoted/` (after checking its hash) with the run record
 * beside it as `promoted-run.json`; the pages' model list (data-loaders/models.ts) shows that model first.
 */
import {execFileSync} from "node:child_process";
import {createHash} from "node:crypto";
import {mkdir, readFile, readdir, stat, writeFile} from "node:fs/promises";
import {join} from "node:path";
import type {ActionRecord} from "../lib/ingest/types.js";
import {parseRunRecord, type RunPredictions, type RunRecord} from "../lib/learn/runRecord.js";
import {MANIFEST_FILE} from "../lib/learn/artifact.js";
import {sha256} from "../lib/learn/sha256.js";
import {readArtifactDir, writeArtifactDir} from "./artifact.js";

export const RUN_FILE = "run.json";
export const PREDICTIONS_FILE = "predictions.json";
/** The folder `perfspec runs promote` copies the model to, under the models folder. */
export const PROMOTED_MODEL = "promoted";
export const PROMOTED_RUN_FILE = "promoted-run.json";

/** The runs folder: the option, else $PERFSPEC_RUNS, else `runs` in the working directory. */
export function runsDir(option?: string): string {
  return option ?? process.env.PERFSPEC_RUNS ?? "runs";
}

/**
 * SHA-256 of the prepared input: every record's action, time, user and namespace, one line each.
 * @example dataFingerprint([{action: "get_pods", time: null, user: null, namespace: null}]) // "…64 hex digits"
 */
export function dataFingerprint(records: readonly ActionRecord[]): string {
  const hash = createHash("sha256");
  for (const r of records) hash.update(JSON.stringify([r.action, r.time, r.user, r.namespace]) + "\n");
  return hash.digest("hex");
}

/** The commit checked out in `cwd` (`git rev-parse HEAD`), or null when there is no git or no repository. */
export function gitCommit(cwd = process.cwd()): string | null {
  try {
    const out = execFileSync("git", ["rev-parse", "HEAD"], {cwd, stdio: ["ignore", "pipe", "ignore"]});
    const commit = out.toString().trim();
    return /^[0-9a-f]{40}$/.test(commit) ? commit : null;
  } catch {
    return null;
  }
}

/** SHA-256 of an artifact's manifest.json (text as written), the hash a run record keeps. */
export function artifactHashOf(manifestText: string | Uint8Array): string {
  return sha256(manifestText);
}

/** Write a run into `<dir>/<record.id>/`. */
export async function writeRun(dir: string, record: RunRecord, predictions: RunPredictions): Promise<string> {
  const folder = join(dir, record.id);
  await mkdir(folder, {recursive: true});
  await writeFile(join(folder, RUN_FILE), JSON.stringify(record, null, 1) + "\n");
  await writeFile(join(folder, PREDICTIONS_FILE), JSON.stringify(predictions) + "\n");
  return folder;
}

/** Every run in `dir`, oldest first; an empty list when the folder does not exist. */
export async function listRuns(dir: string): Promise<RunRecord[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const runs: RunRecord[] = [];
  for (const name of names.sort()) {
    const file = join(dir, name, RUN_FILE);
    if (!(await stat(file).catch(() => null))?.isFile()) continue;
    runs.push(await readJson(file, (v) => parseRunRecord(v, file)));
  }
  return runs.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
}

/** The run whose id is `id` or starts with it (a unique prefix); errors list what there is. */
export async function findRun(dir: string, id: string): Promise<RunRecord> {
  const runs = await listRuns(dir);
  const exact = runs.find((r) => r.id === id);
  if (exact) return exact;
  const matches = runs.filter((r) => r.id.startsWith(id));
  if (matches.length === 1) return matches[0];
  if (matches.length > 1) throw new Error(`run "${id}" is ambiguous in ${dir}: ${matches.map((r) => r.id).join(", ")}`);
  throw new Error(
    `no run "${id}" in ${dir} (${runs.length ? `runs: ${runs.map((r) => r.id).join(", ")}` : "no runs there; 'perfspec train' records one"})`
  );
}

/** A run's held-out truth and predictions. */
export async function readPredictions(dir: string, id: string): Promise<RunPredictions> {
  const file = join(dir, id, PREDICTIONS_FILE);
  return readJson(file, (v) => {
    const p = v as Partial<RunPredictions>;
    if (!Array.isArray(p?.truth) || !Array.isArray(p.predictions) || p.truth.length !== p.predictions.length)
      throw new Error(`${file}: expected {truth: [...], predictions: [...]} of equal length`);
    return p as RunPredictions;
  });
}

/**
 * Make a run the default model of the pages: copy its artifact (checked against the run's artifact hash) to
 * `<modelsDir>/promoted/` and write the run record beside it.
 * @example await promoteRun("runs", "20261130T1445", "models") // "models/promoted"
 */
export async function promoteRun(dir: string, id: string, modelsDir: string): Promise<{run: RunRecord; to: string}> {
  const run = await findRun(dir, id);
  if (!run.artifactDir) throw new Error(`run ${run.id} kept no model artifact, so it cannot be promoted`);
  const files = await readArtifactDir(run.artifactDir).catch((error: Error) => {
    throw new Error(`run ${run.id}: its model folder ${run.artifactDir} is gone (${error.message})`, {cause: error});
  });
  const manifest = files[MANIFEST_FILE];
  if (manifest === undefined || artifactHashOf(manifest) !== run.artifactHash)
    throw new Error(
      `run ${run.id}: ${run.artifactDir}/${MANIFEST_FILE} does not match the run's artifact hash ${run.artifactHash.slice(0, 12)}… (the folder was retrained or modified since)`
    );
  const to = join(modelsDir, PROMOTED_MODEL);
  await writeArtifactDir(to, files);
  await writeFile(join(to, PROMOTED_RUN_FILE), JSON.stringify(run, null, 1) + "\n");
  return {run, to};
}

async function readJson<T>(file: string, check: (value: unknown) => T): Promise<T> {
  const text = await readFile(file, "utf8");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`, {cause: error});
  }
  return check(value);
}
