/** Charts of src/components/ rendered from fixed data in jsdom and compared with test/snapshots/ (see chartSnapshot.ts). */
import assert from "node:assert/strict";
import {test} from "node:test";
import {CountBars} from "../src/components/countBars.js";
import {ConfusionHeatmap} from "../src/components/confusionHeatmap.js";
import {TrainingCurves} from "../src/components/trainingCurves.js";
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
