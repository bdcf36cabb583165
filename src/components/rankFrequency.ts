import * as Plot from "@observablehq/plot";
import {axisRoom, xLabelOffset} from "./chartStyle.js";
import type {Count} from "./countBars.js";

/** Rank-frequency plot on log scales: the long tail of rare actions, with the classes seen fewer than 5 times marked. */
export function RankFrequency(counts: Count[], {width}: {width: number}) {
  const ranked = counts.map((d, i) => ({...d, rank: i + 1, rare: d.count < 5}));
  return Plot.plot({
    width,
    height: 300,
    ...axisRoom,
    x: {type: "log", label: "Rank", labelOffset: xLabelOffset},
    y: {type: "log", label: "Occurrences", grid: true},
    color: {
      domain: [false, true],
      range: ["var(--theme-foreground-focus)", "orange"],
      legend: true,
      tickFormat: (rare: boolean) => (rare ? "fewer than 5" : "5 or more")
    },
    marks: [
      Plot.line(ranked, {x: "rank", y: "count", stroke: "var(--theme-foreground-faint)"}),
      Plot.dot(ranked, {x: "rank", y: "count", fill: "rare", r: 3, channels: {action: "key"}, tip: true})
    ]
  });
}
