/**
 * `npm run bench`: ingest, training, inference and build benchmarks, each figure a ratio against a peer measured
 * in the same run. Prints a table and writes src/data/bench.json (the one copy of the results; the Performance page reads it).
 * Options: --quick (small sizes, no 1 GB log), --only ingest,memory,training,inference,detect,build,templates. See docs/benchmarks.md.
 * An --only run replaces just its sections in bench.json and keeps the others, each with the time it ran (`ranAt`).
 */
import {existsSync, readFileSync, writeFileSync} from "node:fs";
import {cpus, totalmem} from "node:os";
import {formatTable, met, type Row} from "./goals.js";
import {ensurePeers} from "./peers.js";
import {benchIngest} from "./sections/ingest.js";
import {benchMemory} from "./sections/memory.js";
import {benchTraining} from "./sections/training.js";
import {benchInference} from "./sections/inference.js";
import {benchBuild} from "./sections/build.js";
import {benchTemplates} from "./sections/templates.js";
import {benchDetect} from "./sections/detect.js";

const SECTIONS = ["ingest", "memory", "training", "inference", "detect", "build", "templates"] as const;
type Section = (typeof SECTIONS)[number];

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyIndex = args.indexOf("--only");
const onlyArg = onlyIndex >= 0 ? args[onlyIndex + 1] : args.find((a) => a.startsWith("--only="))?.slice(7);
const only = (onlyArg
  ?.split(",")
  .map((s) => s.trim())
  .filter(Boolean) ?? [...SECTIONS]) as Section[];
for (const s of only)
  if (!SECTIONS.includes(s)) throw new Error(`--only: unknown section "${s}" (known: ${SECTIONS.join(", ")})`);

const log = (s: string) => console.error(`[bench] ${s}`);
if (only.includes("ingest") || only.includes("training")) ensurePeers(log);

const started = new Date();
const benchFile = "src/data/bench.json";
// Sections not in this run are kept from the last one, so `--only training` does not erase the ingest figures.
const previous = existsSync(benchFile) ? (JSON.parse(readFileSync(benchFile, "utf8")) as Record<string, unknown>) : {};
// A --quick run is never merged with a full-size one, either way.
const keptSections =
  quick || previous.quick ? [] : SECTIONS.filter((s) => !only.includes(s) && previous[s] !== undefined);
const ranAt: Record<string, string> = {};
for (const s of keptSections)
  ranAt[s] = ((previous.ranAt as Record<string, string> | undefined) ?? {})[s] ?? String(previous.generatedAt);
const result: Record<string, unknown> = {
  generatedAt: started.toISOString(),
  quick,
  sections: [...keptSections, ...only],
  ranAt,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform
  }
};
for (const s of keptSections) result[s] = previous[s];
const rows: Row[] = ((previous.rows as Row[] | undefined) ?? [])
  .filter((r) => keptSections.includes(r.section))
  .map((r) => ({section: r.section, figure: r.figure, ratio: r.ratio, goal: r.goal, context: r.context}));
const runners: Record<Section, (o: {quick: boolean; log: typeof log}) => Promise<{rows: Row[]}>> = {
  ingest: benchIngest,
  memory: benchMemory,
  training: benchTraining,
  inference: benchInference,
  detect: benchDetect,
  build: benchBuild,
  templates: benchTemplates
};
for (const section of only) {
  log(`${section}…`);
  const {rows: sectionRows, ...details} = await runners[section]({quick, log});
  result[section] = details;
  ranAt[section] = new Date().toISOString();
  rows.push(...sectionRows);
}
result.rows = rows.map((r) => ({...r, met: met(r)}));
result.seconds = (Date.now() - started.getTime()) / 1000;

const table = formatTable(rows);
console.log(table);
const goals = rows.filter((r) => r.goal !== undefined);
console.log(
  `\ngoals met: ${goals.filter((r) => met(r)).length} of ${goals.length}${quick ? " (--quick: small sizes, not the reference run)" : ""}`
);
const json = JSON.stringify({...result, table}, null, 2) + "\n";
writeFileSync(benchFile, json);
log(`wrote ${benchFile}${keptSections.length ? ` (kept from earlier runs: ${keptSections.join(", ")})` : ""}`);
