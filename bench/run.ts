/**
 * `npm run bench`: ingest, training, inference and build benchmarks, each figure a ratio against a peer measured
 * in the same run. Prints a table and writes src/data/bench.json (the one copy of the results; the Performance page reads it).
 * Options: --quick (small sizes, no 1 GB log), --only ingest,memory,training,inference,detect,build,templates. See docs/benchmarks.md.
 */
import {writeFileSync} from "node:fs";
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
const result: Record<string, unknown> = {
  generatedAt: started.toISOString(),
  quick,
  sections: only,
  machine: {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: process.platform
  }
};
const rows: Row[] = [];
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
writeFileSync("src/data/bench.json", json);
log("wrote src/data/bench.json");
