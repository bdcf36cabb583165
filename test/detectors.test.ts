import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";
import {randomLcg, randomNormal} from "d3";
import {trainAuditDetector} from "../src/lib/detect/auditDetector.js";
import {classifierName, knnScorers, trainClassifier, type ClassifierSpec} from "../src/lib/detect/classifiers.js";
import {compareDetectors} from "../src/lib/detect/detectorComparison.js";
import {formatComparison} from "../src/lib/detect/comparisonTable.js";
import type {DetectEvent} from "../src/lib/detect/detectEvent.js";
import {
  featureDetector,
  isolationForestScorer,
  rarityDetector,
  sequenceDetector
} from "../src/lib/detect/eventDetectors.js";
import {BASE_FEATURES, EventFeaturizer, FEATURE_NAMES, noveltyReasons} from "../src/lib/detect/eventFeatures.js";
import {selectHdfsDetector} from "../src/lib/detect/hdfsEvaluation.js";
import {IsolationForest} from "../src/lib/detect/isolationForest.js";
import {chooseOperatingPoint, operatingPoints, thinPoints} from "../src/lib/detect/operatingPoints.js";

function event(auditID: string, user: string, verb: string, resource: string, namespace: string | null): DetectEvent {
  return {
    auditID,
    verb,
    resource,
    subresource: null,
    namespace,
    name: "x",
    user,
    userAgent: null,
    sourceIP: null,
    code: 200,
    action: `${verb}_${resource}`,
    kept: !["get", "list", "watch"].includes(verb)
  };
}

/** Two Gaussian clouds, seeded: class 1 around (3, 3), class 0 around (0, 0). */
function clouds(n: number, seed: number): {rows: number[][]; labels: number[]} {
  const normal = randomNormal.source(randomLcg(seed))(0, 0.7);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; ++i) {
    const y = i % 4 === 0 ? 1 : 0;
    rows.push([normal() + 3 * y, normal() + 3 * y]);
    labels.push(y);
  }
  return {rows, labels};
}

test("operatingPoints(scores, truth, kept) sweeps thresholds and chooseOperatingPoint keeps the budget", () => {
  const scores = [0.9, 0.8, 0.8, 0.3, 0, 0.1];
  const truth = ["a", null, "b", null, "a", null];
  const kept = [true, true, true, true, true, false];
  const points = operatingPoints(scores, truth, kept);
  assert.deepEqual(
    points.map((p) => [p.threshold, p.flagged, p.recall, p.benignPercent]),
    [
      [0.9, 1, 1 / 3, 0],
      [0.8, 3, 2 / 3, 50],
      [0.3, 4, 2 / 3, 100],
      [0.1, 5, 2 / 3, 100]
    ]
  );
  assert.deepEqual(chooseOperatingPoint(points, 60).point.threshold, 0.8);
  assert.deepEqual(chooseOperatingPoint(points, 10).point.threshold, 0.9);
  assert.equal(chooseOperatingPoint([], 3).point.threshold, Infinity);
  assert.deepEqual(thinPoints([1, 2, 3, 4, 5], 3), [1, 3, 5]);
});

test("IsolationForest.fit(rows, {seed}) scores an outlier above the inliers, the same for the same seed", () => {
  const {rows} = clouds(300, 1);
  const inliers = rows.filter((r) => r[0] < 1.5);
  const forest = IsolationForest.fit(inliers, {seed: 3, trees: 50});
  const outlier = forest.score([8, -8]);
  const typical = forest.score([0, 0]);
  assert.ok(outlier > 0.6 && typical < 0.5, `${outlier} ${typical}`);
  assert.equal(IsolationForest.fit(inliers, {seed: 3, trees: 50}).score([8, -8]), outlier);
  assert.throws(() => IsolationForest.fit([]), /no rows/);
});

test("trainClassifier(spec) separates two clouds for each ml.js classifier", () => {
  const train = clouds(120, 2);
  const held = clouds(60, 5);
  const specs: ClassifierSpec[] = [
    {kind: "logistic", learningRate: 0.01, steps: 200},
    {kind: "svm", kernel: "rbf", cost: 1, gamma: 0.5},
    {kind: "knn", k: 5},
    {kind: "tree", maxDepth: 3, minNumSamples: 3}
  ];
  for (const spec of specs) {
    const scores = trainClassifier(spec, train.rows, train.labels)(held.rows);
    const correct = scores.filter((s, i) => (s >= 0.5 ? 1 : 0) === held.labels[i]).length;
    assert.ok(correct >= 55, `${classifierName(spec)}: ${correct}/60`);
  }
  assert.throws(() => trainClassifier({kind: "knn", k: 1}, [[0]], [0]), /both benign and attack/);
  const [k1, k5] = knnScorers([1, 5], train.rows, train.labels);
  assert.deepEqual(k5(held.rows), trainClassifier({kind: "knn", k: 5}, train.rows, train.labels)(held.rows));
  assert.ok(k1(held.rows).every((s) => s === 0 || s === 1));
});

test("EventFeaturizer(reference).rows(events) marks what is new for the actor, learning as it goes", () => {
  const reference = [
    event("1", "alice", "create", "pods", "dev"),
    event("2", "alice", "delete", "pods", "dev"),
    event("3", "bob", "create", "secrets", "prod")
  ];
  const rows = new EventFeaturizer(reference).rows([
    event("4", "alice", "create", "pods", "prod"),
    event("5", "alice", "create", "pods", "prod"),
    event("6", "mallory", "list", "secrets", null)
  ]);
  assert.equal(rows[0].length, FEATURE_NAMES.length);
  assert.deepEqual(noveltyReasons(rows[0]), ["new namespace for user", "new (previous, action) pair for user"]);
  assert.deepEqual(noveltyReasons(rows[1]), ["new (previous, action) pair for user"]);
  assert.deepEqual(noveltyReasons(rows[2]), ["new user"]);
  const read = BASE_FEATURES.indexOf("read");
  assert.deepEqual(
    rows.map((r) => r[read]),
    [0, 0, 1]
  );
});

test("rarityDetector and featureDetector score every event with reasons; sequenceDetector wraps perfspec detect", async () => {
  const train = Array.from({length: 30}, (_, i) => event(`t${i}`, "alice", i % 2 ? "create" : "delete", "pods", "dev"));
  const later = [event("a", "alice", "create", "pods", "dev"), event("b", "alice", "create", "secrets", "dev")];
  const rarity = rarityDetector(train).score(later);
  assert.ok(rarity[1].score > rarity[0].score);
  const rows = new EventFeaturizer(train.slice(0, 10)).rows(train.slice(10));
  const forest = featureDetector("forest", "unsupervised", train, isolationForestScorer(rows, {seed: 1, trees: 20}));
  const scored = forest.score(later);
  assert.ok(scored[1].score > scored[0].score);
  assert.deepEqual(scored[1].reasons.slice(1), [
    "new action for user",
    "new resource for user",
    "new (previous, action) pair for user"
  ]);
  const detector = await trainAuditDetector(train);
  try {
    const sequence = sequenceDetector("n-gram", detector, 2).score(later);
    assert.equal(sequence[0].score, 0);
    assert.ok(sequence[1].score > 0);
    assert.match(sequence[1].reasons[0], /create_secrets never seen in training/);
  } finally {
    detector.model.dispose();
  }
});

test("selectHdfsDetector adds candidates while validation false positives stay within the budget", async () => {
  const normal = Array.from({length: 50}, (_, i) => (i % 2 ? ["5", "22", "11", "9"] : ["5", "22", "9", "11", "9"]));
  // Top-1 after "22" expects one of "11" and "9": half the validation sessions break it.
  const selection = await selectHdfsDetector(normal, [{kind: "length"}, {kind: "ngram", window: 1, topG: 1}], {
    maxFpr: 0
  });
  assert.deepEqual(selection.chosen, {kind: "length"});
  assert.deepEqual(
    selection.steps.map((s) => [s.added, s.falsePositives > 0]),
    [
      [true, false],
      [false, true]
    ]
  );
  assert.deepEqual(selection.counts, {fit: 30, validation: 10});
});

test("compareDetectors tunes every detector on validation and tests it once, with the held-out protocol", async () => {
  const lines = readFileSync("test/fixtures/detect/perfspec-derived-5001-5300.jsonl", "utf8").trim().split("\n");
  const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const result = await compareDetectors(lines, parsed, {
    campaigns: 1,
    resamples: 20,
    topGs: [1, 9],
    forestTrees: 20,
    classifiers: ["knn"]
  });
  assert.deepEqual(
    result.detectors.map((d) => d.family),
    ["sequence", "sequence", "baseline", "unsupervised", "supervised"]
  );
  assert.deepEqual(
    result.detectors.slice(0, 2).map((d) => d.name),
    ["n-gram top-g + context + rules", "n-gram top-g + context + rules (--high-recall)"]
  );
  for (const d of result.detectors) assert.equal(d.evaluation.attacks, result.parts.attacks);
  assert.ok(result.heldOut.length > 0);
  assert.deepEqual(Object.keys(result.heldOut[0].detectors), ["KNN"]);
  assert.match(formatComparison(result), /\| KNN \| supervised \| KNN k=/);
});
