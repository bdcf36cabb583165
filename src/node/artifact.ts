/** Node-side model folders: write an ArtifactFiles map to `models/<name>/` and read it back. */
import {mkdir, readFile, readdir, rm, writeFile} from "node:fs/promises";
import {basename, join} from "node:path";
import type {ArtifactFiles} from "../lib/learn/predictor.js";
import {loadArtifact, type ArtifactExpectation} from "../lib/learn/artifact.js";

/** Files read as bytes; everything else is UTF-8 text. */
const BINARY = /\.(bin|arrow)$/;

/** Write every file of an artifact into `dir` (created if needed; stale model files from an earlier run are removed). */
export async function writeArtifactDir(dir: string, files: ArtifactFiles): Promise<void> {
  await mkdir(dir, {recursive: true});
  for (const name of await readdir(dir)) if (!(name in files) && /\.(json|bin)$/.test(name)) await rm(join(dir, name));
  for (const [name, contents] of Object.entries(files)) {
    if (basename(name) !== name) throw new Error(`artifact file name "${name}" must not contain a directory`);
    await writeFile(join(dir, name), contents);
  }
}

/** All files of a model folder as an ArtifactFiles map. */
export async function readArtifactDir(dir: string): Promise<ArtifactFiles> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    throw new Error(`${dir}: no such model folder (train one with 'perfspec train --out ${dir}')`);
  }
  const files: ArtifactFiles = {};
  for (const name of names) {
    if (!/\.(json|bin)$/.test(name)) continue;
    files[name] = BINARY.test(name)
      ? new Uint8Array(await readFile(join(dir, name)))
      : await readFile(join(dir, name), "utf8");
  }
  return files;
}

/** Read, verify and load a model folder (selecting the TF.js backend for a neural model); errors name the folder and the offending file. */
export async function loadModelDir(dir: string, expect: ArtifactExpectation = {}): ReturnType<typeof loadArtifact> {
  const files = await readArtifactDir(dir);
  // A neural model needs the fast TF.js backend in Node before its weights are loaded (see tfBackend.ts).
  if (
    typeof files["config.json"] === "string" &&
    /"kind":\s*"(lstm|gru|transformer|tcn|mlp|context)"/.test(files["config.json"])
  )
    await (await import("./tfBackend.js")).setupTfBackend();
  try {
    return await loadArtifact(files, expect);
  } catch (error) {
    throw new Error(`${dir}: ${(error as Error).message}`, {cause: error});
  }
}
