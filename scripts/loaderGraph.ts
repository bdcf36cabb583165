/**
 * Which local files each Framework data loader depends on, so that an edit to a library module or to an input
 * file re-runs exactly the loaders it affects (Framework by itself only compares the loader file's own mtime).
 */
import {build} from "esbuild";
import {readdirSync, rmSync, existsSync} from "node:fs";
import {join, relative, resolve} from "node:path";
import {PRESET_NAMES} from "../src/lib/ingest/cleaningPolicy.js";

export const ROOT = "src";
export const CACHE = join(ROOT, ".observablehq", "cache");

/** Loader entry points: files like `src/data/prepared.zip.ts` (an output name plus the interpreter's extension). */
export function loaderFiles(dir = join(ROOT, "data")): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, {recursive: true, encoding: "utf-8"})
    .filter((f) => /\.[a-z0-9]+\.(ts|js)$/i.test(f))
    .map((f) => resolve(dir, f));
}

/** Absolute paths of the project files each loader imports, transitively (packages excluded). */
export async function loaderDependencies(loaders: string[]): Promise<Map<string, Set<string>>> {
  const graph = new Map<string, Set<string>>();
  for (const loader of loaders) {
    const result = await build({
      entryPoints: [loader],
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "silent"
    });
    graph.set(loader, new Set(Object.keys(result.metafile.inputs).map((f) => resolve(f))));
  }
  return graph;
}

/** Loaders that read the configured data (they import dataSources.ts), so a change of an input re-runs them. */
const DATA_SOURCES = resolve("data-loaders/dataSources.ts");

/**
 * Loaders to re-run after `changed` (an absolute path) was edited: the loaders that import it, directly or not,
 * or, when it is an input file (or inside an input folder), every loader that reads the configured data.
 */
export function affectedLoaders(changed: string, graph: Map<string, Set<string>>, inputs: string[]): string[] {
  const isInput = inputs.some((p) => changed === p || changed.startsWith(p + "/"));
  return [...graph]
    .filter(
      ([loader, dependencies]) =>
        loader !== changed && (dependencies.has(changed) || (isInput && dependencies.has(DATA_SOURCES)))
    )
    .map(([loader]) => loader);
}

/** The cache entries scripts/offline-npm-cache.ts owns: the two bundle trees and the stamp of their versions. */
export const NPM_BUNDLE_TREES = ["_npm", "_node"] as const;
export const NPM_BUNDLE_STAMP = "offline-npm-cache.json";

/**
 * Deletes Framework's cached loader outputs (not the offline npm bundles), so the next build runs every loader
 * on the current code and data instead of publishing stale output.
 */
export function clearLoaderCache(): void {
  if (!existsSync(CACHE)) return;
  const kept = new Set<string>([...NPM_BUNDLE_TREES, NPM_BUNDLE_STAMP]);
  for (const entry of readdirSync(CACHE))
    if (!kept.has(entry)) rmSync(join(CACHE, entry), {recursive: true, force: true});
}

/**
 * PERFSPEC_DATA with every path made absolute against the directory the user ran npm from, and PERFSPEC_POLICY too
 * when it names a policy file rather than a preset.
 */
export function absoluteDataEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const base = env.INIT_CWD ?? process.cwd();
  const out = {...env};
  const policy = env.PERFSPEC_POLICY?.trim();
  if (policy && !(PRESET_NAMES as readonly string[]).includes(policy)) out.PERFSPEC_POLICY = resolve(base, policy);
  if (!env.PERFSPEC_DATA) return policy ? out : env;
  const paths = env.PERFSPEC_DATA.split(":")
    .filter(Boolean)
    .map((p) => resolve(base, p));
  return {...out, PERFSPEC_DATA: paths.join(":")};
}

export function describe(path: string): string {
  return relative(process.cwd(), path);
}
