/** `npm run build`: a fresh static site in dist/, offline, never with stale loader output. */
import {spawnSync} from "node:child_process";
import {absoluteDataEnv, clearLoaderCache} from "./loaderGraph.js";

const env = {...absoluteDataEnv(), OBSERVABLE_TELEMETRY_DISABLE: "true"};
const steps: [string, string[]][] = [
  [process.execPath, ["--import", "tsx", "scripts/offline-npm-cache.ts"]],
  [process.execPath, ["node_modules/@observablehq/framework/dist/bin/observable.js", "build", ...process.argv.slice(2)]]
];
const started = performance.now();
clearLoaderCache();
for (const [command, args] of steps) {
  const {status} = spawnSync(command, args, {stdio: "inherit", env});
  if (status !== 0) process.exit(status ?? 1);
}
console.log(`build finished in ${((performance.now() - started) / 1000).toFixed(1)} s`);
