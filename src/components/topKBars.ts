import * as Plot from "@observablehq/plot";
import type {Ranked} from "../lib/learn/nextActions.js";
import {axisRoom, charsIn, labelMargin, textWidth, truncate, xLabelOffset} from "./chartStyle.js";

/**
 * The top-k next actions as horizontal bars of probability, the most likely on top; `truth` (if given) is
 * highlighted. Names are SVG text.
 * Example: `resize((width) => TopKBars(nextActions(model, vocabulary, typed, 5), {width}))`
 */
export function TopKBars(ranked: readonly Ranked[], {width, truth}: {width: number; truth?: string}) {
  const marginLeft = labelMargin(
    ranked.map((d) => d.action),
    {max: width / 2}
  );
  return Plot.plot({
    width,
    height: 30 * ranked.length + 76,
    marginLeft,
    marginRight: 12 + textWidth("100.0%"),
    ...axisRoom,
    x: {
      label: "Probability",
      labelOffset: xLabelOffset,
      domain: [0, Math.max(0.05, ...ranked.map((d) => d.probability))],
      tickFormat: "%",
      grid: true
    },
    y: {
      label: null,
      domain: ranked.map((d) => d.action),
      tickFormat: (action: string) => truncate(action, charsIn(marginLeft - 12))
    },
    marks: [
      Plot.barX(ranked, {
        x: "probability",
        y: "action",
        fill: (d: Ranked) => (d.action === truth ? "#2ca02c" : "var(--theme-foreground-focus)"),
        title: (d: Ranked) => `${d.action}: ${(100 * d.probability).toFixed(1)}%`
      }),
      Plot.text(ranked, {
        x: "probability",
        y: "action",
        text: (d: Ranked) => `${(100 * d.probability).toFixed(1)}%`,
        dx: 4,
        textAnchor: "start"
      }),
      Plot.ruleX([0])
    ]
  });
}
