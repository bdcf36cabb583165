/**
 * Issue 10's detectors side by side on the labelled attack corpus: `npx tsx scripts/detect-compare.ts [--lstm]
 * [--no-held-out] [--keep-reads | --policy perfspec|security] [--json] [--out file.json]`. Every detector is tuned on validation only (seeds 1001 and 1002,
 * inside the training part) and tested once on the later part with attacks by seed 2026; see
 * src/lib/detect/detectorComparison.ts and docs/detection.md.
 */
import {writeFile} from "node:fs/promises";
import {parseArgs} from "node:util";
import {compareDetectors} from "../src/lib/detect/detectorComparison.js";
import {formatComparison} from "../src/lib/detect/comparisonTable.js";
import {PRESET_NAMES, type PresetName} from "../src/lib/ingest/cleaningPolicy.js";
import type {ModelKind} from "../src/lib/learn/predictor.js";
import {readBenignLines} from "../src/node/injectFiles.js";
import {EMBEDDED_DERIVED_AUDIT_LOG as DATA} from "../data-loaders/dataSources.js";

const {values} = parseArgs({
  options: {
    lstm: {type: "boolean", default: false},
    "no-held-out": {type: "boolean", default: false},
    json: {type: "boolean", default: false},
    // Every verb becomes an action (no read dropped), or a named cleaning-policy preset.
    "keep-reads": {type: "boolean", default: false},
    policy: {type: "string"},
    out: {type: "string"}
  }
});
if (values.policy !== undefined && !(PRESET_NAMES as readonly string[]).includes(values.policy)) {
  console.error(`--policy must be one of ${PRESET_NAMES.join(", ")}, not "${values.policy}"`);
  process.exit(2);
}
const kinds: ModelKind[] = ["ngram"];
if (values.lstm) {
  await (await import("../src/node/tfBackend.js")).setupTfBackend();
  kinds.push("lstm");
}
const started = performance.now();
const {lines, parsed} = await readBenignLines(DATA);
const result = await compareDetectors(lines, parsed, {
  kinds,
  hyperparameters: {lstm: {epochs: 20, units: 64, seed: 42}},
  heldOut: !values["no-held-out"],
  ...(values["keep-reads"] ? {policy: {dropVerbs: []}} : {}),
  ...(values.policy !== undefined ? {policy: {preset: values.policy as PresetName}} : {}),
  log: (m) => console.error(`${((performance.now() - started) / 1000).toFixed(1)} s  ${m}`)
});
const remake = `npx tsx scripts/detect-compare.ts${process.argv.slice(2).length ? " " + process.argv.slice(2).join(" ") : ""}`;
if (values.out) await writeFile(values.out, JSON.stringify({remake, ...result}) + "\n");
console.log(values.json ? JSON.stringify(result, null, 2) : formatComparison(result));
