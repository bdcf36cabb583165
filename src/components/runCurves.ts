import * as Plot from "@observablehq/plot";
import {range} from "d3";
import {axisRoom, xLabelOffset} from "./chartStyle.js";
import type {CurvePoint} from "../lib/learn/runsView.js";

/**
 * Accuracy per epoch of several runs overlaid, one colour per run, on fixed axes: accuracy 0 to 1 and epochs 1 to
 * `epochs` (the longest run of the registry), so curves keep their place whichever runs are chosen. A count model
 * has one epoch: it shows as a single dot.
 * Example: `resize((width) => RunCurves(curvePoints(chosen), {width, epochs: 30}))`
 */
export function RunCurves(
  points: readonly CurvePoint[],
  {width, epochs, height = 280, document}: {width: number; epochs: number; height?: number; document?: Document}
) {
  const runs = [...new Set(points.map((p) => p.run))];
  return Plot.plot({
    document,
    width,
    height,
    ...axisRoom,
    // Whole epochs only: at most about ten ticks.
    x: {
      label: "Epoch",
      domain: [1, Math.max(2, epochs)],
      labelOffset: xLabelOffset,
      ticks: range(1, Math.max(2, epochs) + 1, Math.ceil(Math.max(2, epochs) / 10)),
      tickFormat: "d"
    },
    y: {label: "Accuracy", domain: [0, 1], grid: true},
    color: {domain: runs, legend: runs.length > 0},
    symbol: {
      domain: ["training accuracy", "validation accuracy"],
      legend: points.some((p) => p.measure !== "training accuracy")
    },
    marks: [
      Plot.line(
        points.filter((p) => p.measure === "training accuracy"),
        {x: "epoch", y: "value", stroke: "run", z: "run"}
      ),
      Plot.line(
        points.filter((p) => p.measure === "validation accuracy"),
        {x: "epoch", y: "value", stroke: "run", z: "run", strokeDasharray: "4 3"}
      ),
      Plot.dot(points, {
        x: "epoch",
        y: "value",
        stroke: "run",
        symbol: "measure",
        title: (p: CurvePoint) => `${p.run}\nepoch ${p.epoch}: ${p.measure} ${(100 * p.value).toFixed(1)}%`
      })
    ]
  });
}
