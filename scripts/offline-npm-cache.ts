/**
 * Fills Observable Framework's npm cache from node_modules so that build and preview never reach a CDN.
 *
 * Framework resolves `npm:` imports (implicit Plot, d3, Inputs, Arrow, DuckDB...) to
 * `<root>/.observablehq/cache/_npm/<name>@<version>/_esm.js` and downloads that file only when it is missing;
 * bare imports in pages and local modules resolve to `_node/<name>@<version>/index.js`, also skipped when present.
 * We write one esbuild bundle per package into each tree, with imports between bundled packages kept external so
 * that, within a tree, Plot and d3, DuckDB and Arrow, tfjs and its wasm backend share one instance.
 * See docs/architecture.md ("Offline") for why and what it replaces.
 *
 * Usage: tsx scripts/offline-npm-cache.ts [--root src]
 */
import {build} from "esbuild";
import {copyFile, mkdir, readFile, rm, writeFile} from "node:fs/promises";
import {existsSync} from "node:fs";
import {dirname, join, relative} from "node:path";
import {NPM_BUNDLE_STAMP, NPM_BUNDLE_TREES} from "./loaderGraph.js";

const root = process.argv.includes("--root") ? process.argv[process.argv.indexOf("--root") + 1] : "src";
const cache = join(root, ".observablehq", "cache");

/** Packages bundled for the browser, with the entry file when `main`/`module` is not the browser build. */
const packages: {name: string; entry?: string; files?: string[]}[] = [
  {name: "apache-arrow", entry: "Arrow.dom.mjs"},
  {name: "d3"},
  {name: "htl"},
  {name: "isoformat"},
  {name: "@observablehq/plot"},
  {
    name: "@duckdb/duckdb-wasm",
    entry: "dist/duckdb-browser.mjs",
    files: [
      "dist/duckdb-mvp.wasm",
      "dist/duckdb-eh.wasm",
      "dist/duckdb-browser-mvp.worker.js",
      "dist/duckdb-browser-eh.worker.js"
    ]
  },
  {name: "@tensorflow/tfjs-core"},
  {name: "@tensorflow/tfjs"},
  {
    name: "@tensorflow/tfjs-backend-wasm",
    files: [
      "dist/tfjs-backend-wasm.wasm",
      "dist/tfjs-backend-wasm-simd.wasm",
      "dist/tfjs-backend-wasm-threaded-simd.wasm"
    ]
  }
];

/** Libraries Framework's client bundle looks up (for optional globals we do not use): an empty folder answers. */
const unusedOptional = [
  "lodash",
  "arquero",
  "echarts",
  "leaflet",
  "mapbox-gl",
  "react",
  "react-dom",
  "topojson-client",
  "@observablehq/sample-datasets",
  "parquet-wasm",
  "d3-dsv"
];

function packageDir(name: string): string {
  // Not require.resolve(`${name}/package.json`): some packages do not export it.
  return join(process.cwd(), "node_modules", name);
}

async function versionOf(name: string): Promise<string> {
  return JSON.parse(await readFile(join(packageDir(name), "package.json"), "utf-8")).version;
}

const versions = new Map<string, string>();
for (const {name} of packages) versions.set(name, await versionOf(name));

const stamp = JSON.stringify([...versions]);
const stampFile = join(cache, NPM_BUNDLE_STAMP);

if (existsSync(stampFile) && (await readFile(stampFile, "utf-8")) === stamp && !process.argv.includes("--force")) {
  process.exit(0); // already filled for these exact versions
}

// A stale higher version in the cache would win Framework's version resolution: start clean.
for (const tree of NPM_BUNDLE_TREES) await rm(join(cache, tree), {recursive: true, force: true});

/**
 * Both trees get their own copy: Framework requires `_node` modules to import only `_node` paths. Pages use
 * implicit globals (`_npm`) for Plot, Arrow and DuckDB; our library's bare imports (`_node`) are the only users of
 * TensorFlow.js, so each library still has one instance where instances matter.
 */
const trees = [
  {dir: "_npm", file: "_esm.js"},
  {dir: "_node", file: "index.js"}
];

for (const tree of trees) {
  const bundlePath = (name: string) => join(cache, tree.dir, `${name}@${versions.get(name)}`, tree.file);
  for (const pkg of packages) {
    const outfile = bundlePath(pkg.name);
    const dir = dirname(outfile);
    const entry = pkg.entry ? join(packageDir(pkg.name), pkg.entry) : pkg.name;
    await build({
      entryPoints: [entry],
      bundle: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      minify: true,
      legalComments: "inline",
      outfile,
      logLevel: "error",
      define: {"process.env.NODE_ENV": '"production"'},
      plugins: [
        {
          name: "shared-packages-external",
          setup(b) {
            // An import of another bundled package becomes a relative import of its bundle (one shared copy).
            b.onResolve({filter: /^[^./]/}, (args) => {
              const other = packages.find((p) => p.name === args.path);
              if (!other || other.name === pkg.name) return undefined;
              return {path: "./" + relative(dir, bundlePath(other.name)).split("\\").join("/"), external: true};
            });
            // Node built-ins referenced behind runtime checks (e.g. tfjs's Node paths) are never loaded in a browser.
            b.onResolve({filter: /^(fs|path|os|crypto|worker_threads|perf_hooks|util|node:.*)$/}, (args) => ({
              path: args.path,
              namespace: "empty"
            }));
            b.onLoad({filter: /.*/, namespace: "empty"}, () => ({contents: "export default {};", loader: "js"}));
          }
        }
      ]
    });
    // duckdb-wasm carries an unused helper that names its CDN; point it at the local copy beside the bundle.
    if (pkg.name === "@duckdb/duckdb-wasm") {
      const code = await readFile(outfile, "utf-8");
      await writeFile(outfile, code.replaceAll("https://cdn.jsdelivr.net/npm/", "./"));
    }
    if (tree.dir !== "_npm") continue;
    for (const file of pkg.files ?? []) {
      await mkdir(dirname(join(dir, file)), {recursive: true});
      await copyFile(join(packageDir(pkg.name), file), join(dir, file));
    }
  }
}

for (const name of unusedOptional) await mkdir(join(cache, "_npm", `${name}@0.0.0-offline`), {recursive: true});
await writeFile(stampFile, stamp);
console.log(`offline npm cache: ${packages.length} packages bundled into ${join(cache, "_npm")}`);
