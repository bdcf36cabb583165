import * as Plot from "@observablehq/plot";
import {axisRoom, charsIn, labelMargin, truncate, xLabelOffset} from "./chartStyle.js";

export interface DetectorMetric {
  detector: string;
  /** "precision", "recall" or "F1". */
  metric: string;
  value: number;
  low: number;
  high: number;
}

const metricColours = {precision: "#4e79a7", recall: "#e15759", F1: "#59a14f"};

/**
 * Detectors side by side: per detector, precision, recall and F1 as dots on their 95% bootstrap intervals.
 * Example: `resize((width) => DetectorIntervals(rows, {width}))`
 */
export function DetectorIntervals(
  rows: readonly DetectorMetric[],
  {width, document}: {width: number; document?: Document}
) {
  const detectors = [...new Set(rows.map((r) => r.detector))];
  const max = width * 0.6;
  const offset = {precision: -7, recall: 0, F1: 7};
  return Plot.plot({
    width,
    document,
    height: detectors.length * 34 + 90,
    ...axisRoom,
    marginLeft: labelMargin(detectors, {max}),
    marginRight: 20,
    x: {
      label: "Value with 95% interval",
      domain: [0, 1],
      ticks: [0, 0.2, 0.4, 0.6, 0.8, 1],
      grid: true,
      labelOffset: xLabelOffset
    },
    y: {label: null, domain: detectors, tickFormat: (d: string) => truncate(d, charsIn(max - 12))},
    color: {domain: Object.keys(metricColours), range: Object.values(metricColours), legend: true},
    marks: [
      ...(["precision", "recall", "F1"] as const).map((m) =>
        Plot.ruleY(
          rows.filter((r) => r.metric === m),
          {y: "detector", x1: "low", x2: "high", stroke: "metric", strokeWidth: 2, dy: offset[m]}
        )
      ),
      ...(["precision", "recall", "F1"] as const).map((m) =>
        Plot.dot(
          rows.filter((r) => r.metric === m),
          {
            y: "detector",
            x: "value",
            fill: "metric",
            r: 4,
            dy: offset[m],
            title: (r: DetectorMetric) =>
              `${r.detector}\n${r.metric} ${r.value.toFixed(3)} [${r.low.toFixed(3)}, ${r.high.toFixed(3)}]`
          }
        )
      )
    ]
  });
}
