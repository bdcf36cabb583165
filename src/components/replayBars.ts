import * as Plot from "@observablehq/plot";
import type {ReplayBar} from "../lib/learn/guessReplay.js";
import {axisRoom, charsIn, labelMargin, textWidth, truncate, xLabelOffset} from "./chartStyle.js";

const colors = {predicted: "var(--theme-foreground-focus)", truth: "#2ca02c", outside: "#d62728"};

/**
 * One step of the guess-first replay: the model's top k as bars of probability on a fixed 0–100% axis (so bars
 * compare from step to step), the real action green once revealed, or red below the top k with its rank when the
 * model ranked it lower. The height is that of k + 1 bars whatever is shown, so the page does not jump.
 * Example: `resize((width) => ReplayBars(replayBars(step, revealed), {width, k}))`
 */
export function ReplayBars(bars: readonly ReplayBar[], {width, k}: {width: number; k: number}) {
  const label = (d: ReplayBar) => (d.kind === "outside" ? `${d.action} (rank ${rankText(d.rank)})` : d.action);
  const marginLeft = labelMargin(bars.map(label), {max: width / 2});
  const ids = bars.map((d) => `${d.kind}:${d.action}`);
  return Plot.plot({
    width,
    height: 30 * (k + 1) + 76,
    marginLeft,
    marginRight: 12 + textWidth("100.0%"),
    ...axisRoom,
    x: {label: "Probability", labelOffset: xLabelOffset, domain: [0, 1], tickFormat: "%", grid: true},
    y: {
      label: null,
      domain: [...ids, ...Array.from({length: k + 1 - ids.length}, (_, i) => `empty:${i}`)],
      tickFormat: (id: string) => {
        const bar = bars[ids.indexOf(id)];
        return bar ? truncate(label(bar), charsIn(marginLeft - 12)) : "";
      },
      tickSize: 0
    },
    marks: [
      Plot.barX(bars, {
        x: "probability",
        y: (d: ReplayBar) => `${d.kind}:${d.action}`,
        fill: (d: ReplayBar) => colors[d.kind],
        title: (d: ReplayBar) => `${label(d)}: ${(100 * d.probability).toFixed(1)}%`
      }),
      Plot.text(bars, {
        x: "probability",
        y: (d: ReplayBar) => `${d.kind}:${d.action}`,
        text: (d: ReplayBar) => `${(100 * d.probability).toFixed(1)}%`,
        dx: 4,
        textAnchor: "start"
      }),
      Plot.ruleX([0])
    ]
  });
}

function rankText(rank: number): string {
  return Number.isFinite(rank) ? String(rank) : "never seen";
}
