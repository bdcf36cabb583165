/**
 * Drain on the 16 loghub 2k samples (data/loghub-2k): grouping and parsing accuracy per system against the ground
 * truth, beside Drain's published grouping accuracy, and the grouping accuracy with the refined presets. Usage: `npx tsx scripts/evaluate-templates.ts [--json] [System...]`
 */
import {join} from "node:path";
import {pathToFileURL} from "node:url";
import {parse} from "csv-parse/sync";
import {readLines} from "../src/node/readLines.js";
import {Drain} from "../src/lib/templates/drain.js";
import {groupingAccuracy, parsingAccuracy} from "../src/lib/templates/accuracy.js";
import {
  drainPublishedGroupingAccuracy,
  presetNames,
  presets,
  refinedPresets,
  type Preset,
  type PresetName
} from "../src/lib/templates/presets.js";

const DATA = join(import.meta.dirname, "..", "data", "loghub-2k");

export interface LoghubSample {
  lines: string[];
  eventIds: string[];
  eventTemplates: string[];
}

/** A system's raw lines and the ground truth (EventId, EventTemplate) of each. */
export async function loadLoghubSample(system: PresetName, dir = DATA): Promise<LoghubSample> {
  const lines: string[] = [];
  for await (const {text} of readLines(join(dir, system, `${system}_2k.log.xz`))) lines.push(text);
  if (lines.at(-1) === "") lines.pop();
  const csv: string[] = [];
  for await (const {text} of readLines(join(dir, system, `${system}_2k.log_structured.csv.xz`)))
    csv.push(text.replace(/\r$/, ""));
  const rows = parse(csv.join("\n"), {columns: true, skip_empty_lines: true}) as Record<string, string>[];
  return {lines, eventIds: rows.map((r) => r.EventId), eventTemplates: rows.map((r) => r.EventTemplate)};
}

export interface SystemResult {
  system: PresetName;
  lines: number;
  badLines: number;
  templates: number;
  truthTemplates: number;
  groupingAccuracy: number;
  parsingAccuracy: number;
  published: number;
}

/** Drain with the system's preset over its sample, streaming, scored against the ground truth. */
export function evaluateSystem(
  system: PresetName,
  sample: LoghubSample,
  preset: Preset = presets[system]
): SystemResult {
  const drain = new Drain(preset);
  const ids: number[] = [];
  let badLines = 0;
  for (const line of sample.lines) {
    const id = drain.learn(line);
    if (id === null) badLines++;
    else ids.push(id);
  }
  if (ids.length !== sample.eventIds.length)
    throw new Error(`${system}: ${ids.length} parsed lines but ${sample.eventIds.length} ground-truth rows`);
  return {
    system,
    lines: sample.lines.length,
    badLines,
    templates: drain.templates().length,
    truthTemplates: new Set(sample.eventIds).size,
    groupingAccuracy: groupingAccuracy(sample.eventIds, ids),
    parsingAccuracy: parsingAccuracy(
      sample.eventTemplates,
      ids.map((id) => drain.template(id))
    ),
    published: drainPublishedGroupingAccuracy[system]
  };
}

function formatTable(results: SystemResult[], refined: SystemResult[]): string {
  const f = (x: number) => (Math.round(1000 * x) / 1000).toFixed(3);
  // Differences of the rounded figures, as the published ones are rounded to three decimals.
  const d = (x: number, y: number) => (Math.round(1000 * x) - Math.round(1000 * y)) / 1000;
  const signed = (x: number) => (x > 0 ? "+" : x < 0 ? "−" : "±") + Math.abs(x).toFixed(3);
  const rows = results.map(
    (r, i) =>
      `| ${r.system} | ${f(r.groupingAccuracy)} | ${f(r.published)} | ${signed(d(r.groupingAccuracy, r.published))} | ${f(r.parsingAccuracy)} | ${r.templates} | ${r.truthTemplates} | ${f(refined[i].groupingAccuracy)} |`
  );
  const mean = (rs: SystemResult[], k: "groupingAccuracy" | "published" | "parsingAccuracy") =>
    rs.reduce((s, r) => s + r[k], 0) / rs.length;
  const [grouping, published] = [mean(results, "groupingAccuracy"), mean(results, "published")];
  rows.push(
    `| **mean** | ${f(grouping)} | ${f(published)} | ${signed(d(grouping, published))} | ${f(mean(results, "parsingAccuracy"))} | | | ${f(mean(refined, "groupingAccuracy"))} |`
  );
  return [
    "| system | grouping accuracy | Drain published | difference | parsing accuracy | templates | truth templates | grouping, refined masks |",
    "|---|---:|---:|---:|---:|---:|---:|---:|",
    ...rows
  ].join("\n");
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes("--json");
  const wanted = argv.filter((a) => a !== "--json");
  const systems = wanted.length ? presetNames.filter((p) => wanted.includes(p)) : presetNames;
  const results: SystemResult[] = [];
  const refined: SystemResult[] = [];
  for (const system of systems) {
    const sample = await loadLoghubSample(system);
    const start = performance.now();
    results.push(evaluateSystem(system, sample));
    if (!json) console.error(`${system}: ${sample.lines.length} lines in ${(performance.now() - start).toFixed(0)} ms`);
    refined.push(evaluateSystem(system, sample, refinedPresets[system]));
  }
  console.log(json ? JSON.stringify({drain: results, refined}, null, 2) : formatTable(results, refined));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
