/**
 * `npm start`: Framework's preview server on 127.0.0.1, plus the rebuild Framework lacks on its own:
 * when a library module a loader imports, or an input data file, changes, the affected loaders are touched so
 * Framework re-runs them and pushes the new output to open pages.
 */
import {spawn} from "node:child_process";
import {existsSync, statSync, utimesSync, watch} from "node:fs";
import {resolve} from "node:path";
import {
  absoluteDataEnv,
  affectedLoaders,
  clearLoaderCache,
  describe,
  loaderDependencies,
  loaderFiles
} from "./loaderGraph.js";
import {watchedInputs} from "../data-loaders/dataSources.js";

const env = {...absoluteDataEnv(), OBSERVABLE_TELEMETRY_DISABLE: "true"};
const port = process.env.PORT ?? "3000";

const cache = spawn(process.execPath, ["--import", "tsx", "scripts/offline-npm-cache.ts"], {stdio: "inherit", env});
await new Promise<void>((done, fail) =>
  cache.on("exit", (code) => (code === 0 ? done() : fail(new Error(`offline cache exited ${code}`))))
);
// Cached loader output may come from other data (PERFSPEC_DATA) or older code: start from fresh output.
clearLoaderCache();

const server = spawn(
  process.execPath,
  [
    "node_modules/@observablehq/framework/dist/bin/observable.js",
    "preview",
    "--host",
    "127.0.0.1",
    "--port",
    port,
    "--no-open"
  ],
  {stdio: "inherit", env}
);
server.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));

let graph = await loaderDependencies(loaderFiles());
const inputs = watchedInputs(env).map((p) => resolve(p));

let pending = new Set<string>();
let timer: NodeJS.Timeout | undefined;
function changed(path: string): void {
  pending.add(path);
  clearTimeout(timer);
  timer = setTimeout(async () => {
    const paths = [...pending];
    pending = new Set();
    // Only an edited module can change the import graph; an edited input file re-runs loaders without it.
    if (paths.some((p) => /\.(ts|js)$/.test(p))) graph = await loaderDependencies(loaderFiles()).catch(() => graph);
    const touched = new Set(paths.flatMap((path) => affectedLoaders(path, graph, inputs)));
    const now = new Date();
    for (const loader of touched) utimesSync(loader, now, now);
    if (touched.size)
      console.log(`changed ${paths.map(describe).join(", ")} → re-running ${[...touched].map(describe).join(", ")}`);
  }, 150);
}

const codeDirs = ["src/lib", "src/node", "data-loaders"].map((d) => resolve(d));
for (const path of new Set([...codeDirs, ...inputs])) {
  if (!existsSync(path)) continue;
  // Folders recursively; an input file by itself (not its folder, which may be as busy as /tmp).
  const recursive = statSync(path).isDirectory();
  watch(path, {recursive}, (_event, file) => changed(recursive && file ? resolve(path, file.toString()) : path));
}
