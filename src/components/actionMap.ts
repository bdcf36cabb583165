import * as Plot from "@observablehq/plot";
import {axisRoom, xLabelOffset} from "./chartStyle.js";

export interface ActionPoint {
  x: number;
  y: number;
  action: string;
  verb: string;
  /** How often the action occurs in training (labels are drawn for the most frequent first). */
  count?: number;
}

/**
 * A 2-D map of learned action vectors (e.g. their first two principal components), coloured by verb, with the
 * action names as text labels (the `labelled` most frequent; all are in the tooltip).
 * Example: `resize((width) => ActionMap(points, {width, labelled: 40}))`
 */
export function ActionMap(
  points: readonly ActionPoint[],
  {
    width,
    labelled = 40,
    xLabel = "PC 1",
    yLabel = "PC 2"
  }: {width: number; labelled?: number; xLabel?: string; yLabel?: string}
) {
  const named = [...points].sort((a, b) => (b.count ?? 0) - (a.count ?? 0)).slice(0, labelled);
  return Plot.plot({
    width,
    height: Math.min(640, Math.max(360, width * 0.6)),
    grid: true,
    ...axisRoom,
    // Inset so the labels of the outermost points stay inside the chart.
    x: {label: xLabel, labelOffset: xLabelOffset, inset: 70},
    y: {label: yLabel, inset: 16},
    color: {legend: true, label: "Verb", type: "categorical"},
    marks: [
      Plot.dot(points, {x: "x", y: "y", fill: "verb", r: 5, tip: true, channels: {action: "action"}}),
      Plot.text(named, {
        x: "x",
        y: "y",
        text: "action",
        dy: -9,
        fill: "currentColor",
        stroke: "var(--theme-background)",
        strokeWidth: 3,
        paintOrder: "stroke"
      })
    ]
  });
}
