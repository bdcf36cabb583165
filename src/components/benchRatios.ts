import * as Plot from "@observablehq/plot";
import {charsIn, labelMargin, truncate} from "./chartStyle.js";

export interface BenchRow {
  section: string;
  figure: string;
  ratio: number;
  goal?: number;
  met?: boolean;
  context: string;
}

/**
 * One bar per benchmark ratio (ours is better above 1x) on a log scale, with a tick at each row's goal; bars of
 * missed goals use the theme's red. Example: `resize((width) => BenchRatios(bench.rows, {width}))`
 */
export function BenchRatios(rows: BenchRow[], {width}: {width: number}) {
  const marginLeft = labelMargin(
    rows.map((d) => d.figure),
    {max: width * 0.62}
  );
  return Plot.plot({
    width,
    height: 26 * rows.length + 60,
    marginLeft,
    marginBottom: 44,
    x: {
      type: "log",
      label: "Ratio (ours is better above 1×)",
      labelOffset: 40,
      grid: true,
      tickFormat: (d: number) => `${d}×`
    },
    y: {
      label: null,
      domain: rows.map((d) => d.figure),
      tickFormat: (f: string) => truncate(f, charsIn(marginLeft - 12))
    },
    color: {
      domain: ["met", "missed", "context"],
      range: ["var(--theme-green)", "var(--theme-red)", "var(--theme-foreground-faint)"],
      legend: true
    },
    marks: [
      Plot.barX(rows, {
        x1: 1,
        x2: "ratio",
        y: "figure",
        fill: (d: BenchRow) => (d.met === undefined ? "context" : d.met ? "met" : "missed"),
        title: (d: BenchRow) => `${d.figure}\n${d.ratio.toFixed(2)}×\n${d.context}`
      }),
      Plot.tickX(
        rows.filter((d) => d.goal !== undefined),
        {x: "goal", y: "figure", stroke: "var(--theme-foreground)", strokeWidth: 2}
      ),
      Plot.ruleX([1])
    ]
  });
}
