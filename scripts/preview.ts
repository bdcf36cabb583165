/**
 * `npm start`: Framework's preview server on 127.0.0.1, plus the rebuild Framework lacks on its own:
 * when a library module a loader imports, or an input data file, changes, the affected loaders are touched so
 * Framework re-runs them and pushes the new output to open pages.
 */
import {spawn} from "node:child_process";
import {existsSync, statSync, utimesSync, watch} from "node:fs";
import {dirname, resolve} from "node:path";
import {absoluteDataEnv, clearLoaderCache, describe, loaderDependencies, loaderFiles} from "./loaderGraph.js";
import {watchedInputs} from "../data-loaders/dataSources.js";

const env = {...absoluteDataEnv(), OBSERVABLE_TELEMETRY_DISABLE: "true"};
const port = process.env.PORT ?? "3000";

const cache = spawn(process.execPath, ["--import", "tsx", "scripts/offline-npm-cache.ts"], {stdio: "inherit", env});
await new Promise<void>((done, fail) => cache.on("exit", (code) => (code === 0 ? done() : fail(new Error(`offline cache exited ${code}`)))));
// Cached loader output may come from other data (PERFSPEC_DATA) or older code: start from fresh output.
clearLoaderCache();

const server = spawn(
  process.execPath,
  ["node_modules/@observablehq/framework/dist/bin/observable.js", "preview", "--host", "127.0.0.1", "--port", port, "--no-open"],
  {stdio: "inherit", env}
);
server.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));

const loaders = loaderFiles();
let graph = await loaderDependencies(loaders);
const inputs = watchedInputs(env).map((p) => resolve(p));
const dataSources = resolve("data-loaders/dataSources.ts");

/** Loaders to re-run after `changed` was edited: its importers, or every data loader for an input file. */
function affected(changed: string): string[] {
  const isInput = inputs.some((p) => changed === p || changed.startsWith(p + "/"));
  return loaders.filter((loader) => loader !== changed && (graph.get(loader)?.has(changed) || (isInput && graph.get(loader)?.has(dataSources))));
}

let pending = new Set<string>();
let timer: NodeJS.Timeout | undefined;
function changed(path: string): void {
  pending.add(path);
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const paths = [...pending];
    pending = new Set();
    graph = await loaderDependencies(loaders).catch(() => graph); // imports may have changed
    const touched = new Set(paths.flatMap(affected));
    const now = new Date();
    for (const loader of touched) utimesSync(loader, now, now);
    if (touched.size) console.log(`changed ${paths.map(describe).join(", ")} → re-running ${[...touched].map(describe).join(", ")}`);
  }, 150);
}

const codeDirs = ["src/lib", "src/node", "data-loaders"].map((d) => resolve(d));
const inputDirs = inputs.map((p) => (existsSync(p) && statSync(p).isDirectory() ? p : dirname(p)));
for (const dir of new Set([...codeDirs, ...inputDirs])) {
  if (!existsSync(dir)) continue;
  watch(dir, {recursive: true}, (_event, file) => {
    if (file) changed(resolve(dir, file.toString()));
  });
}
