/**
 * Drain and Spell on the 16 loghub 2k samples (data/loghub-2k): grouping and parsing accuracy per system against
 * the ground truth, beside Drain's published grouping accuracy: Drain with its benchmark settings, Drain with the
 * refined presets and the second pass, Spell with its benchmark settings. `--held-out` tunes on each sample's first
 * 1000 lines and reports on the other 1000. Usage: `npx tsx scripts/evaluate-templates.ts [--json] [--held-out] [System...]`
 */
import {join} from "node:path";
import {pathToFileURL} from "node:url";
import {parse} from "csv-parse/sync";
import {readLines} from "../src/node/readLines.js";
import type {DrainOptions} from "../src/lib/templates/drain.js";
import type {SpellOptions} from "../src/lib/templates/spell.js";
import {createParser, parseLines, type TemplateMethod} from "../src/lib/templates/parser.js";
import {groupingAccuracy, parsingAccuracy} from "../src/lib/templates/accuracy.js";
import {
  commonMasks,
  drainPublishedGroupingAccuracy,
  presetNames,
  presets,
  refinedPresets,
  spellPresets,
  spellPublishedGroupingAccuracy,
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

/** A system's sample, or the part of it from line `from` (0-based) to `to`. */
export function sliceSample(sample: LoghubSample, from: number, to: number): LoghubSample {
  return {
    lines: sample.lines.slice(from, to),
    eventIds: sample.eventIds.slice(from, to),
    eventTemplates: sample.eventTemplates.slice(from, to)
  };
}

/**
 * A parser over a system's sample (streaming; with the second pass when the preset has `splitValues`), scored
 * against the ground truth.
 */
export function evaluateSystem(
  system: PresetName,
  sample: LoghubSample,
  preset: DrainOptions & SpellOptions = presets[system],
  method: TemplateMethod = "drain"
): SystemResult {
  const {parser, ids: all} = parseLines(createParser(method, preset), sample.lines);
  const ids = all.filter((id) => id !== null);
  const badLines = all.length - ids.length;
  if (ids.length !== sample.eventIds.length)
    throw new Error(`${system}: ${ids.length} parsed lines but ${sample.eventIds.length} ground-truth rows`);
  return {
    system,
    lines: sample.lines.length,
    badLines,
    templates: new Set(ids).size,
    truthTemplates: new Set(sample.eventIds).size,
    groupingAccuracy: groupingAccuracy(sample.eventIds, ids),
    parsingAccuracy: parsingAccuracy(
      sample.eventTemplates,
      ids.map((id) => parser.template(id))
    ),
    published: drainPublishedGroupingAccuracy[system]
  };
}

const f = (x: number) => (Math.round(1000 * x) / 1000).toFixed(3);
// Differences of the rounded figures, as the published ones are rounded to three decimals.
const d = (x: number, y: number) => (Math.round(1000 * x) - Math.round(1000 * y)) / 1000;
const signed = (x: number) => (x > 0 ? "+" : x < 0 ? "−" : "±") + Math.abs(x).toFixed(3);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

interface Row {
  drain: SystemResult;
  refined: SystemResult;
  spell: SystemResult;
}

function formatTable(rows: Row[]): string {
  const lines = rows.map(
    ({drain, refined, spell}) =>
      `| ${drain.system} | ${f(drain.groupingAccuracy)} | ${f(drain.published)} | ${f(refined.groupingAccuracy)} | ${signed(d(refined.groupingAccuracy, drain.published))} | ${f(spell.groupingAccuracy)} | ${f(spellPublishedGroupingAccuracy[drain.system])} | ${f(drain.parsingAccuracy)} | ${f(refined.parsingAccuracy)} | ${refined.templates} | ${drain.truthTemplates} |`
  );
  const m = (k: keyof Row, x: "groupingAccuracy" | "published" | "parsingAccuracy") => mean(rows.map((r) => r[k][x]));
  lines.push(
    `| **mean** | ${f(m("drain", "groupingAccuracy"))} | ${f(m("drain", "published"))} | ${f(m("refined", "groupingAccuracy"))} | ${signed(d(m("refined", "groupingAccuracy"), m("drain", "published")))} | ${f(m("spell", "groupingAccuracy"))} | ${f(mean(rows.map((r) => spellPublishedGroupingAccuracy[r.drain.system])))} | ${f(m("drain", "parsingAccuracy"))} | ${f(m("refined", "parsingAccuracy"))} | | |`
  );
  return [
    "| system | Drain | Drain published | refined, two passes | refined − published | Spell | Spell published | parsing, Drain | parsing, refined | templates, refined | truth templates |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...lines
  ].join("\n");
}

/**
 * The held-out check: settings chosen per system on lines 1-1000 (common masks or not; splitValues 0, 2, 3, 4 or
 * 6) and scored on lines 1001-2000, beside the fixed refined presets and Drain's presets on those lines.
 */
function heldOut(samples: Map<PresetName, LoghubSample>): string {
  const rows: string[] = [];
  const sums = [0, 0, 0, 0];
  for (const [system, sample] of samples) {
    const [tune, test] = [sliceSample(sample, 0, 1000), sliceSample(sample, 1000, 2000)];
    const base: Preset = presets[system];
    const extra = refinedPresets[system].masks.filter((m) => !base.masks.includes(m) && !commonMasks.includes(m));
    let best = {score: -1, options: base as DrainOptions, label: ""};
    for (const common of [false, true])
      for (const splitValues of [0, 2, 3, 4, 6]) {
        const options = {...base, masks: [...extra, ...(common ? commonMasks : []), ...base.masks], splitValues};
        const score = evaluateSystem(system, tune, options).groupingAccuracy;
        if (score > best.score) best = {score, options, label: `${common ? "common masks, " : ""}split ${splitValues}`};
      }
    const scores = [
      evaluateSystem(system, test).groupingAccuracy,
      evaluateSystem(system, test, refinedPresets[system]).groupingAccuracy,
      best.score,
      evaluateSystem(system, test, best.options).groupingAccuracy
    ];
    scores.forEach((s, i) => (sums[i] += s));
    rows.push(`| ${system} | ${scores.map(f).join(" | ")} | ${best.label} |`);
  }
  const n = samples.size;
  rows.push(`| **mean** | ${sums.map((s) => f(s / n)).join(" | ")} | |`);
  return [
    "| system | Drain, lines 1001-2000 | refined, lines 1001-2000 | tuned on 1-1000: there | tuned on 1-1000: on 1001-2000 | chosen on 1-1000 |",
    "|---|---:|---:|---:|---:|---|",
    ...rows
  ].join("\n");
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes("--json");
  const held = argv.includes("--held-out");
  const wanted = argv.filter((a) => !a.startsWith("--"));
  const systems = wanted.length ? presetNames.filter((p) => wanted.includes(p)) : presetNames;
  const samples = new Map<PresetName, LoghubSample>();
  for (const system of systems) samples.set(system, await loadLoghubSample(system));
  if (held) return console.log(heldOut(samples));
  const rows: Row[] = [];
  for (const [system, sample] of samples) {
    const start = performance.now();
    const drain = evaluateSystem(system, sample);
    const refined = evaluateSystem(system, sample, refinedPresets[system]);
    const spell = evaluateSystem(system, sample, spellPresets[system], "spell");
    rows.push({drain, refined, spell});
    if (!json)
      console.error(
        `${system}: ${sample.lines.length} lines, three parsers in ${(performance.now() - start).toFixed(0)} ms`
      );
  }
  console.log(json ? JSON.stringify(rows, null, 2) : formatTable(rows));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv.slice(2));
