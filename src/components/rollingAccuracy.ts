import * as Plot from "@observablehq/plot";
import {axisRoom, xLabelOffset} from "./chartStyle.js";
import type {TraceStep} from "../lib/learn/nextActions.js";

/**
 * Rolling top-k accuracy over a traced sequence, with surprises (real action outside the top k) as ticks below.
 * Example: `resize((width) => RollingAccuracy(steps, rolling, {width, k: 5}))`
 */
export function RollingAccuracy(
  steps: readonly TraceStep[],
  rolling: readonly number[],
  {width, k, height = 240}: {width: number; k: number; height?: number}
) {
  const points = steps.map((s, i) => ({index: s.index, accuracy: rolling[i], action: s.action, hit: s.hit}));
  return Plot.plot({
    width,
    height,
    ...axisRoom,
    marginLeft: 52, // "100%" at 13 px
    x: {label: "Action (position in the sequence)", labelOffset: xLabelOffset},
    y: {label: `Rolling top-${k} accuracy`, domain: [0, 1], tickFormat: "%", grid: true},
    marks: [
      Plot.ruleX(
        points.filter((d) => !d.hit),
        {x: "index", y1: 0, y2: 0.05, stroke: "#d62728", strokeOpacity: 0.6}
      ),
      Plot.line(points, {x: "index", y: "accuracy", stroke: "var(--theme-foreground-focus)", strokeWidth: 2}),
      Plot.ruleY([0])
    ]
  });
}
