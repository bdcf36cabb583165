import * as Plot from "@observablehq/plot";
import {axisRoom, charsIn, labelMargin, truncate, xLabelOffset} from "./chartStyle.js";

export interface ModelScore {
  model: string;
  accuracy: number;
  /** 95% bootstrap interval of the accuracy. */
  low: number;
  high: number;
  top5: number;
  /** Drawn grey: a reference (the most-frequent-action baseline), not a model. */
  reference?: boolean;
}

/**
 * Models side by side on one 0–100% axis: top-1 accuracy as a dot on its 95% interval, top-5 as a ring, so a
 * room sees at once which differences are larger than the noise and how far above the baseline each model is.
 * Example: `resize((width) => ModelIntervals(scores, {width}))`
 */
export function ModelIntervals(scores: readonly ModelScore[], {width, document}: {width: number; document?: Document}) {
  const max = width * 0.5;
  const colour = (s: ModelScore) => (s.reference ? "var(--theme-foreground-muted)" : "var(--theme-foreground-focus)");
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  return Plot.plot({
    width,
    document,
    height: scores.length * 36 + 90,
    ...axisRoom,
    marginLeft: labelMargin(
      scores.map((s) => s.model),
      {max}
    ),
    marginRight: 24,
    x: {
      label: "Held-out accuracy: top-1 (dot, 95% interval), top-5 (ring)",
      domain: [0, 1],
      tickFormat: "%",
      grid: true,
      labelOffset: xLabelOffset
    },
    y: {label: null, domain: scores.map((s) => s.model), tickFormat: (d: string) => truncate(d, charsIn(max - 12))},
    marks: [
      Plot.ruleY(scores, {y: "model", x1: "low", x2: "high", stroke: colour, strokeWidth: 3}),
      Plot.dot(scores, {
        y: "model",
        x: "accuracy",
        fill: colour,
        r: 5,
        title: (s: ModelScore) =>
          `${s.model}\ntop-1 ${pct(s.accuracy)} [${pct(s.low)}, ${pct(s.high)}], top-5 ${pct(s.top5)}`
      }),
      Plot.dot(scores, {y: "model", x: "top5", stroke: colour, r: 5, strokeWidth: 2})
    ]
  });
}
