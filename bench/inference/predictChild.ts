/**
 * Contender: time of one next-action prediction (one context per predict() call) for the n-gram, the Bayesian
 * network and the LSTM at windows 1 and 2, through the model registry. Count models are fitted on the sequence;
 * the LSTM is untrained (its prediction cost does not depend on the weights' values).
 * Per model: warm-up, then `rounds` timings of `group` consecutive calls; the per-call median over rounds.
 * Usage: predictChild.ts <sequence.txt> [rounds]. Prints {models: [{kind, window, medianSeconds, p90Seconds, calls}]}.
 */
import {createModel} from "../../src/lib/learn/models.js";
import type {ModelKind} from "../../src/lib/learn/predictor.js";
import {buildVocabulary, encode} from "../../src/lib/learn/vocabulary.js";
import {idWindows} from "../../src/lib/learn/windows.js";
import {setupTfBackend} from "../../src/node/tfBackend.js";
import {readFileSync} from "node:fs";

const [path, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 200);
const backend = await setupTfBackend("wasm");
const actions = readFileSync(path, "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter(Boolean);
const vocabulary = buildVocabulary([actions]);
const ids = encode(vocabulary, actions);
const out = [];
for (const kind of ["bayes", "ngram", "lstm"] as ModelKind[]) {
  for (const window of [1, 2]) {
    const model = await createModel({kind, window, vocabulary});
    if (kind !== "lstm") await model.fit([ids]);
    const contexts = idWindows(ids, window).contexts;
    const group = kind === "lstm" ? 10 : 200;
    let next = 0;
    const call = () => model.predict([contexts[next++ % contexts.length]]);
    for (let i = 0; i < Math.min(2000, group * 20); i++) call();
    const perCall: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const started = performance.now();
      for (let i = 0; i < group; i++) call();
      perCall.push((performance.now() - started) / 1000 / group);
    }
    perCall.sort((a, b) => a - b);
    out.push({
      kind,
      window,
      medianSeconds: perCall[perCall.length >> 1],
      p90Seconds: perCall[Math.floor(perCall.length * 0.9)],
      calls: rounds * group
    });
    model.dispose();
  }
}
console.log(JSON.stringify({backend, models: out}));
