/** The benchmark's inputs: the embedded PerfSPEC data and synthetic logs, decompressed or generated once into a cache. */
import {existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {createWriteStream} from "node:fs";
import {pipeline} from "node:stream/promises";
import {Readable} from "node:stream";
import {openInput} from "../src/node/openInput.js";

export const DATASET_DIR = fileURLToPath(new URL("../data/perfspec-kubernetes-event-dataset/", import.meta.url));
export const DERIVED_XZ = join(DATASET_DIR, "derived-audit-events-from-csv.jsonl.xz");
export const DEDUP_SEQUENCE = join(DATASET_DIR, "events-dataset.first-half-dedup.txt");
/** Generated inputs live here between runs (override with PERFSPEC_BENCH_CACHE). */
export const CACHE_DIR = process.env.PERFSPEC_BENCH_CACHE ?? join(tmpdir(), "perfspec-bench");
/** Bump when the generator's output changes, so cached synthetic logs are remade. */
const GENERATOR_VERSION = 2;

/** The embedded events as an audit JSONL file (16,563 lines), decompressed once. */
export async function derivedJsonl(): Promise<string> {
  mkdirSync(CACHE_DIR, {recursive: true});
  const path = join(CACHE_DIR, "derived-audit-events.jsonl");
  if (!existsSync(path) || statSync(path).mtimeMs < statSync(DERIVED_XZ).mtimeMs) {
    await pipeline(Readable.from(await openInput(DERIVED_XZ)), createWriteStream(path + ".part"));
    renameSync(path + ".part", path);
  }
  return path;
}

/** The embedded events, parsed (the generator's training data). */
export async function readDerivedEvents(): Promise<unknown[]> {
  return readFileSync(await derivedJsonl(), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** A synthetic log of `events` lines (seed 1), generated once and cached. */
export async function syntheticJsonl(events: number): Promise<string> {
  mkdirSync(CACHE_DIR, {recursive: true});
  const path = join(CACHE_DIR, `synthetic-v${GENERATOR_VERSION}-${events}.jsonl`);
  if (!existsSync(path)) {
    const {writeSyntheticLog} = await import("./generateAuditLog.js");
    await writeSyntheticLog(path + ".part", events, 1);
    renameSync(path + ".part", path);
  }
  return path;
}

export function fileBytes(path: string): number {
  return statSync(path).size;
}

/** A small JSONL log copied to a fresh temp file (the preview benchmark edits it). */
export function tempCopy(source: string, name: string): string {
  const dir = join(CACHE_DIR, `edit-${process.pid}`);
  mkdirSync(dir, {recursive: true});
  const path = join(dir, name);
  writeFileSync(path, readFileSync(source));
  return path;
}
