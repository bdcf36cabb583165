import * as Plot from "@observablehq/plot";

/** Actions per time bin, stacked by verb. Rows without a time are left out (say so beside the chart). */
export function ActionsOverTime(rows: {time: Date | null; verb: string}[], {width}: {width: number}) {
  const timed = rows.filter((d) => d.time !== null);
  return Plot.plot({
    width,
    height: 280,
    // Below the two-line time ticks, not beside the last one.
    marginBottom: 52,
    x: {label: "Time", type: "utc", labelOffset: 48},
    y: {label: "Actions", grid: true},
    color: {legend: true, label: "Verb"},
    marks: [
      Plot.rectY(
        timed,
        Plot.binX<Plot.RectYOptions>({y: "count"}, {x: "time", fill: "verb", thresholds: 60, tip: true})
      ),
      Plot.ruleY([0])
    ]
  });
}
