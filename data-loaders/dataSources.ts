/**
 * Which inputs the workspace shows: the paths in PERFSPEC_DATA (separated by ":"), or the embedded PerfSPEC
 * dataset, and with which cleaning policy (PERFSPEC_POLICY). Read by every data loader, so one variable switches
 * preview and build alike.
 */
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {PRESET_NAMES, type CleaningPolicy} from "../src/lib/ingest/cleaningPolicy.js";
import {readPolicyArgument} from "../src/node/policyFile.js";

/** The embedded default: the PerfSPEC paper's Logstash CSV of real audit events (CC BY 4.0). */
export const EMBEDDED_AUDIT_CSV = fileURLToPath(
  new URL("../data/perfspec-kubernetes-event-dataset/audit-logs.csv.xz", import.meta.url)
);

/** Absolute input paths for the loaders; throws (naming the path) when one does not exist. */
export function dataPaths(env: NodeJS.ProcessEnv = process.env): string[] {
  const listed = (env.PERFSPEC_DATA ?? "")
    .split(":")
    .map((p) => p.trim())
    .filter(Boolean);
  if (listed.length === 0) return [EMBEDDED_AUDIT_CSV];
  const paths = listed.map((p) => resolve(p));
  for (const p of paths) if (!existsSync(p)) throw new Error(`PERFSPEC_DATA names ${p}, which does not exist`);
  return paths;
}

/**
 * The cleaning policy the pages' data is prepared with: PERFSPEC_POLICY names a preset (perfspec, security) or a
 * JSON policy file (relative to where you run npm); unset, the perfspec default.
 * @example await dataPolicy({PERFSPEC_POLICY: "security"}) // {preset: "security"}
 */
export async function dataPolicy(env: NodeJS.ProcessEnv = process.env): Promise<Partial<CleaningPolicy>> {
  const value = (env.PERFSPEC_POLICY ?? "").trim();
  return value === "" ? {} : readPolicyArgument(value, "PERFSPEC_POLICY");
}

/** Human-readable description of where the data comes from, for the pages. */
export function dataOrigin(env: NodeJS.ProcessEnv = process.env): {embedded: boolean; paths: string[]} {
  return {embedded: !(env.PERFSPEC_DATA ?? "").trim(), paths: dataPaths(env)};
}

/** Files and folders whose change should re-run the data loaders (used by the preview watcher): inputs, data/, models/. */
export function watchedInputs(env: NodeJS.ProcessEnv = process.env): string[] {
  const policy = (env.PERFSPEC_POLICY ?? "").trim();
  const policyFile = policy !== "" && !(PRESET_NAMES as readonly string[]).includes(policy) ? [resolve(policy)] : [];
  return [...dataPaths(env), ...policyFile, fileURLToPath(new URL("../data/", import.meta.url)), MODELS_DIR];
}

/** The PerfSPEC action sequence, de-duplicated (10,821 actions): the default models are trained and evaluated on it. */
export const EMBEDDED_SEQUENCE = fileURLToPath(
  new URL("../data/perfspec-kubernetes-event-dataset/events-dataset.first-half-dedup.txt", import.meta.url)
);

/** Folder of the shipped model artifacts (`npm run train`), and the repository root their split.json paths are relative to. */
export const MODELS_DIR = fileURLToPath(new URL("../models/", import.meta.url));
export const REPOSITORY_ROOT = fileURLToPath(new URL("../", import.meta.url));

/** The audit events derived from the PerfSPEC CSV as audit.k8s.io JSON lines: the benign log attacks are injected into. */
export const EMBEDDED_DERIVED_AUDIT_LOG = fileURLToPath(
  new URL("../data/perfspec-kubernetes-event-dataset/derived-audit-events-from-csv.jsonl.xz", import.meta.url)
);
