import * as Plot from "@observablehq/plot";
import {axisRoom, xLabelOffset} from "./chartStyle.js";

/**
 * Histogram of one weight tensor's values.
 * Example: `resize((width) => WeightHistogram(weights.values, {width, label: "lstm/kernel"}))`
 */
export function WeightHistogram(
  values: ArrayLike<number>,
  {width, label, height = 160}: {width: number; label: string; height?: number}
) {
  return Plot.plot({
    width,
    height,
    title: label,
    ...axisRoom,
    x: {label: "Weight value", labelOffset: xLabelOffset},
    y: {label: "Count", grid: true},
    marks: [
      Plot.rectY(Array.from(values), {
        ...Plot.binX({y: "count"}, {x: (d: number) => d, thresholds: 40}),
        fill: "var(--theme-foreground-focus)"
      }),
      Plot.ruleY([0])
    ]
  });
}
