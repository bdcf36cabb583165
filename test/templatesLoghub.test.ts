import assert from "node:assert/strict";
import {test} from "node:test";
import {
  drainPublishedGroupingAccuracy,
  presetNames,
  refinedPresets,
  spellPresets
} from "../src/lib/templates/presets.js";
import {evaluateSystem, loadLoghubSample as load, type LoghubSample} from "../scripts/evaluate-templates.js";
import type {PresetName} from "../src/lib/templates/presets.js";

// Each sample is read (and xz-decompressed) once for all the tests here.
const samples = new Map<PresetName, Promise<LoghubSample>>();
const loadLoghubSample = (system: PresetName) => {
  if (!samples.has(system)) samples.set(system, load(system));
  return samples.get(system)!;
};

// Measured with `npx tsx scripts/evaluate-templates.ts` (these equal Drain's published figures to three decimals).
const measured: Record<string, number> = {
  HDFS: 0.9975,
  Hadoop: 0.948,
  Spark: 0.92,
  Zookeeper: 0.967,
  BGL: 0.963,
  HPC: 0.887,
  Thunderbird: 0.955,
  Windows: 0.997,
  Linux: 0.69,
  Android: 0.911,
  HealthApp: 0.78,
  Apache: 1,
  Proxifier: 0.526,
  OpenSSH: 0.787,
  OpenStack: 0.733,
  Mac: 0.786
};

test("Drain with the HDFS preset reaches grouping accuracy >= 0.99 on loghub HDFS 2k", async () => {
  const result = evaluateSystem("HDFS", await loadLoghubSample("HDFS"));
  assert.equal(result.lines, 2000);
  assert.equal(result.badLines, 0);
  assert.ok(result.groupingAccuracy >= 0.99, `grouping accuracy ${result.groupingAccuracy}`);
});

test("Drain with each system's preset keeps its measured grouping accuracy on loghub 2k", async () => {
  for (const system of presetNames) {
    const result = evaluateSystem(system, await loadLoghubSample(system));
    assert.ok(
      result.groupingAccuracy >= measured[system] - 0.001,
      `${system}: grouping accuracy ${result.groupingAccuracy.toFixed(4)} < ${measured[system]}`
    );
  }
});

// Measured likewise with the refined presets and the second pass (`refine()`), and with Spell's benchmark settings.
const refined: Record<string, number> = {
  HDFS: 0.9975,
  Hadoop: 0.9785,
  Spark: 0.9965,
  Zookeeper: 0.9945,
  BGL: 0.9805,
  HPC: 0.9505,
  Thunderbird: 0.9695,
  Windows: 0.9985,
  Linux: 0.8795,
  Android: 0.958,
  HealthApp: 1,
  Apache: 1,
  Proxifier: 1,
  OpenSSH: 1,
  OpenStack: 1,
  Mac: 0.859
};
const spell: Record<string, number> = {
  HDFS: 1,
  Hadoop: 0.7775,
  Spark: 0.905,
  Zookeeper: 0.9635,
  BGL: 0.7865,
  HPC: 0.654,
  Thunderbird: 0.8435,
  Windows: 0.9885,
  Linux: 0.605,
  Android: 0.9185,
  HealthApp: 0.639,
  Apache: 1,
  Proxifier: 0.5265,
  OpenSSH: 0.554,
  OpenStack: 0.764,
  Mac: 0.7565
};

test("Drain with the refined presets and the second pass keeps its grouping accuracy on loghub 2k, mean >= 0.97", async () => {
  let sum = 0;
  for (const system of presetNames) {
    const result = evaluateSystem(system, await loadLoghubSample(system), refinedPresets[system]);
    sum += result.groupingAccuracy;
    assert.ok(
      result.groupingAccuracy >= refined[system] - 0.001,
      `${system}: grouping accuracy ${result.groupingAccuracy.toFixed(4)} < ${refined[system]}`
    );
    assert.ok(result.groupingAccuracy >= drainPublishedGroupingAccuracy[system] - 0.05, `${system} below Drain's`);
  }
  assert.ok(sum / presetNames.length >= 0.97, `mean ${sum / presetNames.length}`);
});

test("Spell with each system's benchmark settings keeps its measured grouping accuracy on loghub 2k", async () => {
  for (const system of presetNames) {
    const result = evaluateSystem(system, await loadLoghubSample(system), spellPresets[system], "spell");
    assert.ok(
      result.groupingAccuracy >= spell[system] - 0.001,
      `${system}: Spell grouping accuracy ${result.groupingAccuracy.toFixed(4)} < ${spell[system]}`
    );
  }
});
