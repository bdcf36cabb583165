import * as Plot from "@observablehq/plot";
import {axisRoom, xLabelOffset} from "./chartStyle.js";
import type {GPoint} from "../lib/detect/topGSweep.js";

/** The recall axis the detection charts share: 0 to 100% of attack events flagged. */
export const recallAxis = {
  label: "Recall (attack events flagged)",
  domain: [0, 1],
  tickFormat: "%",
  grid: true,
  labelOffset: xLabelOffset
};

/**
 * Precision against recall over g, each point labelled with its g, the slider's g ringed in the focus colour.
 * Example: `resize((width) => PrCurve(curveOverG(events, gs), {width, current: 9}))`
 */
export function PrCurve(
  points: readonly GPoint[],
  {width, current, document}: {width: number; current: number; document?: Document}
) {
  const now = points.filter((p) => p.g === current);
  return Plot.plot({
    width,
    document,
    height: 300,
    ...axisRoom,
    marginLeft: 52,
    marginRight: 24,
    x: recallAxis,
    y: {label: "Precision (flags that are attacks)", domain: [0, 1], tickFormat: "%", grid: true},
    marks: [
      Plot.line(points, {x: "recall", y: "precision", stroke: "currentColor", strokeOpacity: 0.5}),
      Plot.dot(points, {
        x: "recall",
        y: "precision",
        fill: "currentColor",
        r: 3,
        title: (p: GPoint) => `g = ${p.g}: precision ${p.precision.toFixed(3)}, recall ${p.recall.toFixed(3)}`
      }),
      Plot.dot(now, {x: "recall", y: "precision", r: 8, stroke: "var(--theme-foreground-focus)", strokeWidth: 2.5}),
      Plot.text(now, {x: "recall", y: "precision", text: (p: GPoint) => `g = ${p.g}`, dx: -12, textAnchor: "end"})
    ]
  });
}
