import * as Plot from "@observablehq/plot";
import {axisRoom} from "./chartStyle.js";
import {recallAxis} from "./prCurve.js";
import type {CurvePoint} from "../lib/detect/comparisonTable.js";

/**
 * Precision against recall for every detector of the comparison (over the threshold; over g for sequence models),
 * the point validation chose ringed.
 * Example: `resize((width) => DetectorCurves(comparisonCurves(comparison), {width}))`
 */
export function DetectorCurves(points: readonly CurvePoint[], {width, document}: {width: number; document?: Document}) {
  const chosen = points.filter((p) => p.chosen);
  return Plot.plot({
    width,
    document,
    height: 340,
    ...axisRoom,
    marginLeft: 52,
    marginRight: 24,
    x: recallAxis,
    y: {label: "Precision (flags that are attacks)", domain: [0, 1], tickFormat: "%", grid: true},
    color: {legend: true, type: "categorical"},
    marks: [
      Plot.line(points, {x: "recall", y: "precision", stroke: "detector", strokeOpacity: 0.8, z: "detector"}),
      Plot.dot(chosen, {
        x: "recall",
        y: "precision",
        stroke: "detector",
        r: 6,
        strokeWidth: 2.5,
        title: (p: CurvePoint) =>
          `${p.detector}: precision ${p.precision.toFixed(3)}, recall ${p.recall.toFixed(3)}, ${p.benignPercent.toFixed(1)}% of benign mutating requests flagged`
      })
    ]
  });
}
