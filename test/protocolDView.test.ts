import assert from "node:assert/strict";
import {test} from "node:test";
import {
  protocolDAblation,
  protocolDRows,
  protocolDTests,
  type ProtocolDSection
} from "../src/lib/learn/protocolDView.js";

const d: ProtocolDSection = {
  rows: [
    {
      model: "n-gram w=2 (baseline)",
      kind: "ngram",
      window: 2,
      hyperparameters: {},
      n: 478,
      accuracy: 0.749,
      ci: [0.709, 0.789],
      top5: 0.906
    },
    {
      model: "interp, validated",
      kind: "interp",
      window: 2,
      hyperparameters: {heldOut: 0.3, decays: [0.5, 0.9]},
      n: 478,
      accuracy: 0.785,
      ci: [0.745, 0.82],
      top5: 0.933
    }
  ],
  comparisons: [
    {a: "interp, validated", b: "n-gram w=2 (baseline)", test: {difference: 0.036, ci: [-0.004, 0.065], pValue: 0.0312}}
  ],
  limits: {testWindows: 478, unseenTargets: 19, top5Ceiling: 0.96},
  ablation: [
    {
      family: "n-gram (window, beta)",
      candidates: 18,
      best: {kind: "ngram", window: 3, hyperparameters: {beta: 0.1}},
      validation: {n: 379, accuracy: 0.7493, top5: 0.9129}
    }
  ]
};

test("protocolDRows(d) gives one row per model with the validated settings, top-1 with its interval and top-5", () => {
  assert.deepEqual(protocolDRows(d), [
    {model: "n-gram w=2 (baseline)", chosen: "ngram w=2", "top-1 [95% CI]": "74.9% [70.9%, 78.9%]", "top-5": "90.6%"},
    {
      model: "interp, validated",
      chosen: "interp w=2, heldOut 0.3, decays 0.5/0.9",
      "top-1 [95% CI]": "78.5% [74.5%, 82.0%]",
      "top-5": "93.3%"
    }
  ]);
});

test("protocolDTests(d) states each paired difference with its sign, interval and p-value", () => {
  assert.deepEqual(protocolDTests(d), [
    "interp, validated − n-gram w=2 (baseline): +3.6 points [−0.4, +6.5], p = 0.031"
  ]);
});

test("protocolDAblation(d) gives each family's best validation settings and scores, none for an older section", () => {
  assert.deepEqual(protocolDAblation(d), [
    {
      family: "n-gram (window, beta)",
      candidates: 18,
      "best on validation": "ngram w=3, beta 0.1",
      "validation top-1": "74.9%",
      "validation top-5": "91.3%"
    }
  ]);
  assert.deepEqual(protocolDAblation({...d, ablation: undefined}), []);
});
