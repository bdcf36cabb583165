/** Charts of src/components/ rendered from fixed data in jsdom and compared with test/snapshots/ (see chartSnapshot.ts). */
import assert from "node:assert/strict";
import {test} from "node:test";
import {CountBars} from "../src/components/countBars.js";
import {ConfusionHeatmap} from "../src/components/confusionHeatmap.js";
import {TrainingCurves} from "../src/components/trainingCurves.js";
import {DetectorIntervals} from "../src/components/detectorIntervals.js";
import {FlagTimeline} from "../src/components/flagTimeline.js";
import {PrCurve} from "../src/components/prCurve.js";
import {TechniqueRecallBars} from "../src/components/techniqueRecall.js";
import {confusionMatrix} from "../src/lib/metrics/confusionMatrix.js";
import {foldConfusion} from "../src/lib/metrics/foldConfusion.js";
import {chartDocument, matchSnapshot} from "./chartSnapshot.js";

function assertSnapshot(name: string, chart: Element): void {
  const mismatch = matchSnapshot(name, chart);
  assert.equal(mismatch?.actual, mismatch?.expected, `${name} differs from test/snapshots/ (see the -changed file)`);
}

test("CountBars(counts, {top: 3}) draws three bars and folds the other two counts into one", () => {
  const counts = [
    {key: "get_pods", count: 120},
    {key: "create_namespaces", count: 45},
    {key: "list_nodes", count: 30},
    {key: "delete_secrets", count: 4},
    {key: "patch_deployments", count: 1}
  ];
  const chart = CountBars(counts, {width: 640, label: "Action", top: 3, document: chartDocument()});
  assertSnapshot("countBars", chart);
});

test("ConfusionHeatmap(foldConfusion(confusion, 2)) shades each row by its share and prints the counts", () => {
  const truth = ["a", "a", "a", "b", "b", "c", "d"];
  const predicted = ["a", "b", "c", "b", "a", "a", "e"];
  const chart = ConfusionHeatmap(foldConfusion(confusionMatrix(truth, predicted), 2), {
    width: 400,
    document: chartDocument()
  });
  assertSnapshot("confusionHeatmap", chart);
});

test('TrainingCurves(history, {measure: "loss"}) draws training and validation loss with the best and stopping epochs', () => {
  const history = [
    {epoch: 1, loss: 2.5, accuracy: 0.3, valLoss: 2.25, valAccuracy: 0.35, learningRate: 0.005, seconds: 1},
    {epoch: 2, loss: 1.75, accuracy: 0.5, valLoss: 1.5, valAccuracy: 0.55, learningRate: 0.005, seconds: 1},
    {epoch: 3, loss: 1.25, accuracy: 0.6, valLoss: 1.625, valAccuracy: 0.5, learningRate: 0.005, seconds: 1},
    {epoch: 4, loss: 1, accuracy: 0.65, valLoss: 1.75, valAccuracy: 0.5, learningRate: 0.0025, seconds: 1}
  ];
  const chart = TrainingCurves(history, {
    width: 640,
    measure: "loss",
    bestEpoch: 2,
    stoppedAt: 4,
    document: chartDocument()
  });
  assertSnapshot("trainingCurves", chart);
});

test("PrCurve(points, {current: 3}) draws precision against recall over g and rings g = 3", () => {
  const points = [
    {g: 1, precision: 0.25, recall: 0.875, f1: 0.3889, fpPer1kActions: 300},
    {g: 3, precision: 0.5, recall: 0.75, f1: 0.6, fpPer1kActions: 100},
    {g: 9, precision: 0.75, recall: 0.625, f1: 0.6818, fpPer1kActions: 40}
  ];
  assertSnapshot("prCurve", PrCurve(points, {width: 480, current: 3, document: chartDocument()}));
});

test("TechniqueRecallBars(rows) draws one bar per technique labelled caught / attacks", () => {
  const rows = [
    {technique: "hijacked-identity", attacks: 16, caught: 9, recall: 0.5625},
    {technique: "pods-exec", attacks: 8, caught: 8, recall: 1}
  ];
  assertSnapshot("techniqueRecall", TechniqueRecallBars(rows, {width: 480, document: chartDocument()}));
});

test("DetectorIntervals(rows) draws each detector's precision, recall and F1 on their intervals", () => {
  const rows = [
    {detector: "n-gram: sequence rule only", metric: "precision", value: 0.75, low: 0.625, high: 0.875},
    {detector: "n-gram: sequence rule only", metric: "recall", value: 0.375, low: 0.25, high: 0.5},
    {detector: "threat rules alone", metric: "F1", value: 0.5, low: 0.375, high: 0.625}
  ];
  assertSnapshot("detectorIntervals", DetectorIntervals(rows, {width: 560, document: chartDocument()}));
});

test("FlagTimeline(points) draws flagged events per actor over UTC time, coloured by technique", () => {
  const at = (s: number) => new Date(Date.UTC(2023, 0, 27, 18, 31, s));
  const points = [
    {time: at(4), actor: "kubernetes-admin", technique: "benign", action: "create_namespaces"},
    {time: at(20), actor: "kubernetes-admin", technique: "pods-exec", action: "create_pods"},
    {time: at(45), actor: "system:anonymous", technique: "anonymous-denied", action: "list_secrets"}
  ];
  const chart = FlagTimeline(points, {
    width: 560,
    techniques: ["pods-exec", "anonymous-denied"],
    document: chartDocument()
  });
  assertSnapshot("flagTimeline", chart);
});
