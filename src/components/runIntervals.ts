import * as Plot from "@observablehq/plot";
import {axisRoom, charsIn, labelMargin, truncate, xLabelOffset} from "./chartStyle.js";
import type {RunRow} from "../lib/learn/runsView.js";

/**
 * Runs side by side on one accuracy axis (0 to 1): top-1 as a dot on its 95% bootstrap interval, top-5 as a ring.
 * Example: `resize((width) => RunIntervals(runRows(data), {width}))`
 */
export function RunIntervals(rows: readonly RunRow[], {width, document}: {width: number; document?: Document}) {
  const labels = rows.map((r) => r.label);
  const labelOf = new Map(rows.map((r) => [r.run, r.label]));
  const max = width * 0.5;
  return Plot.plot({
    document,
    width,
    height: rows.length * 30 + 90,
    ...axisRoom,
    marginLeft: labelMargin(labels, {max, pad: 20}),
    marginRight: 20,
    x: {label: "Accuracy on the held-out windows", domain: [0, 1], grid: true, labelOffset: xLabelOffset},
    y: {
      label: null,
      domain: rows.map((r) => r.run),
      tickFormat: (d: string) => truncate(labelOf.get(d) ?? d, charsIn(max - 12))
    },
    symbol: {domain: ["top-1 (95% CI)", "top-5"], range: ["circle", "circle"], legend: false},
    marks: [
      Plot.ruleY(rows, {
        y: "run",
        x1: (r: RunRow) => r["top-1 95% CI"][0],
        x2: (r: RunRow) => r["top-1 95% CI"][1],
        strokeWidth: 2
      }),
      Plot.dot(rows, {
        y: "run",
        x: "top-1",
        fill: "currentColor",
        r: 4,
        title: (r: RunRow) =>
          `${r.run}\n${r.model}\ntop-1 ${(100 * r["top-1"]).toFixed(1)}% [${(100 * r["top-1 95% CI"][0]).toFixed(1)}, ${(100 * r["top-1 95% CI"][1]).toFixed(1)}]`
      }),
      Plot.dot(rows, {
        y: "run",
        x: "top-5",
        stroke: "currentColor",
        r: 5,
        title: (r: RunRow) => `${r.run}\ntop-5 ${(100 * r["top-5"]).toFixed(1)}%`
      })
    ]
  });
}
