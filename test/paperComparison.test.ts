import assert from "node:assert/strict";
import {test} from "node:test";
import {paperComparison, reproducedRow, type Reproduction} from "../src/lib/learn/paperComparison.js";

const row = (model: string, protocol: string, accuracy: number, windowFraction: number) => ({
  model,
  protocol,
  accuracy,
  ci: [accuracy - 0.01, accuracy + 0.01] as [number, number],
  paper: {accuracy: model === "BN" ? 0.797 : 0.8},
  leakage: {windowFraction}
});

const reproduction: Reproduction = {
  protocols: [
    {id: "a", title: "(a) paper-like"},
    {id: "b", title: "(b) honest"}
  ],
  rows: [row("BN", "a", 0.28, 0.9625), row("n-gram w=2", "a", 0.5, 0.97), row("BN", "b", 0.2, 0.125)]
};

test("paperComparison(reproduction) gives one row per model: the paper's accuracy, ours and the leakage per protocol", () => {
  assert.deepEqual(paperComparison(reproduction), [
    {
      model: "BN",
      paper: 0.797,
      a: "28.0% [27.0%, 29.0%]",
      b: "20.0% [19.0%, 21.0%]",
      "a: test windows also in training": "96.3%",
      "b: test windows also in training": "12.5%"
    },
    {
      model: "n-gram w=2",
      paper: 0.8,
      a: "50.0% [49.0%, 51.0%]",
      b: "–",
      "a: test windows also in training": "97.0%",
      "b: test windows also in training": "–"
    }
  ]);
});

test("paperComparison(reproduction) orders columns: protocol results first, then their leakage", () => {
  assert.deepEqual(Object.keys(paperComparison(reproduction)[0]), [
    "model",
    "paper",
    "a",
    "b",
    "a: test windows also in training",
    "b: test windows also in training"
  ]);
});

test("reproducedRow(reproduction, id, model) finds the model's row under a protocol, or undefined", () => {
  assert.equal(reproducedRow(reproduction, "b", "BN")?.accuracy, 0.2);
  assert.equal(reproducedRow(reproduction, "b", "n-gram w=2"), undefined);
});
