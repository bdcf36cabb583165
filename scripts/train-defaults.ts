/**
 * `npm run train [-- name...]`: the default models the pages show (data-loaders/shippedModels.ts), each trained
 * with trainRun, the same flow as `perfspec train`, and written to models/<name>/, so that
 * `perfspec evaluate --model models/<name>` reproduces the metrics the pages show.
 * Run from the repository root; the data path is recorded relative to it in each split.json.
 */
import {DEFAULT_MODELS} from "../data-loaders/shippedModels.js";
import {formatEvaluation, serializeArtifact, trainRun} from "../src/lib/learn/index.js";
import {writeArtifactDir} from "../src/node/artifact.js";
import {loadActionRecords} from "../src/node/loadActions.js";

const only = process.argv.slice(2);
for (const {name, spec} of DEFAULT_MODELS) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n== models/${name}`);
  if (spec.model.kind === "lstm") await (await import("../src/node/tfBackend.js")).setupTfBackend();
  const run = await trainRun(await loadActionRecords([...spec.source]), spec, {
    onEpochEnd: (l) => console.log(`epoch ${l.epoch}: loss ${l.loss.toFixed(4)} acc ${l.accuracy.toFixed(4)}`)
  });
  try {
    await writeArtifactDir(`models/${name}`, await serializeArtifact(run.artifact));
    console.log(`trained in ${run.fit.seconds.toFixed(2)} s; held-out evaluation:`);
    for (const line of formatEvaluation(run.evaluation)) console.log("  " + line);
  } finally {
    run.model.dispose();
  }
}
