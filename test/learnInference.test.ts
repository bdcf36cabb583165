import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {before, test} from "node:test";
import * as tf from "@tensorflow/tfjs";
import {vocabularyParts, createBayes, loadBayes} from "../src/lib/learn/bayes.js";
import {createLstm} from "../src/lib/learn/lstm.js";
import {LstmForward} from "../src/lib/learn/lstmForward.js";
import {createNgram, loadNgram} from "../src/lib/learn/ngram.js";
import {PAD, UNK, buildVocabulary, encode} from "../src/lib/learn/vocabulary.js";
import {idWindows} from "../src/lib/learn/windows.js";
import {randomLcg} from "d3";
import {setupTfBackend} from "../src/node/tfBackend.js";
import {perfspecFile} from "./perfspecDataset.js";

// Real data: the first 4,000 actions of the PerfSPEC sequence; vocabulary from the first 80%, so the last
// contexts hold UNK and contexts never seen in training.
const actions = readFileSync(perfspecFile("events-dataset.first-half-dedup.txt"), "utf8")
  .split("\n")
  .map((l) => l.trim())
  .filter(Boolean)
  .slice(0, 4000);
const cut = Math.floor(actions.length * 0.8);
const vocabulary = buildVocabulary([actions.slice(0, cut)]);
const size = vocabulary.actions.length;
const ids = encode(vocabulary, actions);
const train = ids.slice(0, cut);
/** Every window of the whole sequence, plus odd ones: too short, too long, out-of-vocabulary ids. */
const contextsOf = (window: number) => [
  ...idWindows(ids, window).contexts,
  [],
  [2],
  [1, 1],
  [0, 99999],
  [3, 4, 5, 6, 7]
];

/** n-gram probabilities evaluated straight from the formula in ngram.ts's doc comment, over the saved counts. */
function ngramReference(
  json: {size: number; window: number; k: number; beta: number; orders: Record<string, [number, number][]>[]},
  context: readonly number[]
): Float32Array {
  const unigram = new Map(json.orders[0][""] ?? []);
  let total = 0;
  for (const c of unigram.values()) total += c;
  const p = new Float64Array(json.size);
  for (let a = 2; a < json.size; ++a)
    p[a] = ((unigram.get(a) ?? 0) + json.k) / (total + json.k * Math.max(json.size - 2, 1));
  for (let j = 1; j <= json.window; ++j) {
    const row = json.orders[j][context.slice(context.length - j).join(",")];
    if (!row) continue;
    const n = row.reduce((s, [, c]) => s + c, 0);
    for (let a = 2; a < json.size; ++a) p[a] = (json.beta * p[a]) / (n + json.beta);
    for (const [a, c] of row) p[a] += c / (n + json.beta);
  }
  return Float32Array.from(p);
}

/** Bayesian-network probabilities evaluated straight from the formula in bayes.ts's doc comment, over the saved CPTs. */
function bayesReference(
  json: {
    alpha: number;
    actions: string[];
    verb: Record<string, [string, number][]>;
    resource: Record<string, [string, number][]>;
  },
  context: readonly number[]
): Float32Array {
  const parts = json.actions.map(vocabularyParts);
  const verbs = [...new Set(parts.slice(2).map((p) => p[0]))];
  const resources = [...new Set(parts.slice(2).map((p) => p[1]))];
  const part = (id: number, which: 0 | 1) => (id === 0 ? PAD : (parts[id]?.[which] ?? UNK));
  const probability = (row: [string, number][] | undefined, value: string, n: number) =>
    ((row?.find(([v]) => v === value)?.[1] ?? 0) + json.alpha) /
    ((row ?? []).reduce((s, [, c]) => s + c, 0) + json.alpha * n);
  const verbRow = json.verb[context.map((id) => part(id, 0)).join("\u0001")];
  const p = new Float64Array(json.actions.length);
  let z = 0;
  for (let a = 2; a < p.length; ++a) {
    const [v, r] = parts[a];
    const resourceRow = json.resource[[v, ...context.map((id) => part(id, 1))].join("\u0001")];
    p[a] = probability(verbRow, v, verbs.length) * probability(resourceRow, r, resources.length);
    z += p[a];
  }
  for (let a = 2; a < p.length; ++a) p[a] /= z;
  return Float32Array.from(p);
}

test("NgramModel.predict(contexts) equals the back-off formula bit for bit on the PerfSPEC sequence, windows 1 to 3", async () => {
  for (const window of [1, 2, 3]) {
    for (const options of [{}, {k: 0.3, beta: 2.5}]) {
      const model = createNgram(size, window, options);
      await model.fit([train]);
      const json = JSON.parse((await model.save())["ngram.json"] as string);
      const contexts = contextsOf(window);
      const predicted = model.predict(contexts);
      contexts.forEach((context, i) =>
        assert.deepEqual(predicted[i], ngramReference(json, context), `window ${window}, context [${context}]`)
      );
      assert.deepEqual(model.predict(contexts), predicted, "again, from the distributions kept on the trie");
    }
  }
});

test("BayesModel.predict(contexts) equals the network's formula bit for bit on the PerfSPEC sequence, windows 1 and 2", async () => {
  for (const window of [1, 2]) {
    const model = createBayes(window, {actions: vocabulary.actions, alpha: window === 1 ? 1 : 0.4});
    await model.fit([train]);
    const json = JSON.parse((await model.save())["bayes.json"] as string);
    const contexts = contextsOf(window).filter((c) => c.length > 0);
    const predicted = model.predict(contexts);
    contexts.forEach((context, i) =>
      assert.deepEqual(predicted[i], bayesReference(json, context), `window ${window}, context [${context}]`)
    );
  }
});

test("count models predict from their current counts after refit and after load", async () => {
  const contexts = contextsOf(2).slice(0, 500);
  for (const make of [() => createNgram(size, 2), () => createBayes(2, {actions: vocabulary.actions})]) {
    const refitted = make();
    await refitted.fit([train.slice(0, 500)]);
    refitted.predict(contexts);
    await refitted.fit([train]);
    const fresh = make();
    await fresh.fit([train]);
    assert.deepEqual(refitted.predict(contexts), fresh.predict(contexts));
    const files = await fresh.save();
    const loaded = fresh.kind === "ngram" ? loadNgram(files) : loadBayes(files);
    assert.deepEqual(loaded.predict(contexts), fresh.predict(contexts));
  }
});

before(async () => {
  assert.equal(await setupTfBackend("wasm"), "wasm");
});

/**
 * Largest absolute difference from TF.js (predict on all contexts at once) of predict on 8 contexts at a time and
 * of LstmForward itself (so a silent fall-back to TF.js in predict would not pass unnoticed).
 */
function fastVersusTfjs(model: ReturnType<typeof createLstm>, contexts: number[][]): number {
  assert.ok(contexts.length > 16, "the TF.js path needs a large batch");
  const viaTfjs = model.predict(contexts);
  const forward = LstmForward.fromModel(model.model);
  assert.ok(forward, "lstm.ts's architecture is supported by LstmForward");
  let worst = 0;
  for (let start = 0; start < contexts.length; start += 8) {
    const chunk = contexts.slice(start, start + 8);
    for (const fast of [model.predict(chunk), forward.predict(chunk)]) {
      fast.forEach((p, i) => p.forEach((v, a) => (worst = Math.max(worst, Math.abs(v - viaTfjs[start + i][a])))));
    }
  }
  return worst;
}

const random = randomLcg(7);
const randomContexts = (window: number, n: number) =>
  Array.from({length: n}, () => Array.from({length: window}, () => Math.floor(random() * size)));

test("LstmPredictor.predict on a few contexts (plain forward pass) equals TF.js within 1e-5 for trained models, windows 1 to 3", async () => {
  for (const window of [1, 2, 3]) {
    const model = createLstm(size, {window, units: 16, embeddingSize: 8, epochs: 2, validationFraction: 0, seed: 5});
    try {
      await model.fit([train.slice(0, 1500)]);
      const contexts = [...randomContexts(window, 48), ...idWindows(ids, window).contexts.slice(cut, cut + 16)];
      const worst = fastVersusTfjs(model, contexts);
      assert.ok(worst < 1e-5 && worst > 0, `window ${window}: max difference ${worst}`);
      assert.throws(() => model.predict([Array(window).fill(size)]), /outside/);
    } finally {
      model.dispose();
    }
  }
});

test("LstmPredictor's fast path follows new weights after fit and setWeights", async () => {
  const model = createLstm(size, {window: 2, units: 8, embeddingSize: 4, epochs: 1, validationFraction: 0, seed: 9});
  try {
    const contexts = randomContexts(2, 24);
    const untrained = model.predict(contexts.slice(0, 4));
    await model.fit([train.slice(0, 800)]);
    assert.notDeepEqual(model.predict(contexts.slice(0, 4)), untrained);
    assert.ok(fastVersusTfjs(model, contexts) < 1e-5, "after fit");
    const weights = model.model.getWeights().map((w) => tf.mul(w, 1.5));
    model.model.setWeights(weights);
    weights.forEach((w) => w.dispose());
    assert.ok(fastVersusTfjs(model, contexts) < 1e-5, "after setWeights");
  } finally {
    model.dispose();
  }
});
