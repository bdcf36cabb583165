import * as Plot from "@observablehq/plot";
import {brushX, select, utcFormat, utcSecond} from "d3";
import {timeBin} from "../lib/timeBins.js";
import {axisRoom} from "./chartStyle.js";

export interface OverTimeOptions {
  width: number;
  /** Every verb of the whole sequence, so a verb keeps its colour whatever the filters. */
  verbs: readonly string[];
  /** The selected time range, drawn as the brush. */
  selection?: readonly [Date, Date] | null;
  /** Called with the range dragged on the chart, or null when the selection is cleared (a click). */
  onSelect?: (range: [Date, Date] | null) => void;
}

/**
 * Actions per time bin (a round width, named on the axis), stacked by verb, on a 24-hour UTC clock. Dragging
 * across the chart selects a time range (`onSelect`); a click clears it. Rows without a time are left out (say
 * so beside the chart).
 * Example: `resize((width) => ActionsOverTime(rows, {width, verbs, selection, onSelect}))`
 */
export function ActionsOverTime(
  rows: {time: Date | null; verb: string}[],
  {width, verbs, selection = null, onSelect}: OverTimeOptions
) {
  const timed = rows.filter((d): d is {time: Date; verb: string} => d.time !== null);
  const times = timed.map((d) => +d.time);
  const span = times.length ? (Math.max(...times) - Math.min(...times)) / 1000 : 0;
  const bin = timeBin(span);
  const marginLeft = 50;
  const marginRight = 20;
  const marginTop = 40;
  const height = 300;
  const plot = Plot.plot({
    width,
    height,
    marginLeft,
    marginRight,
    marginTop,
    marginBottom: axisRoom.marginBottom,
    x: {label: "Time (UTC) →", type: "utc", labelOffset: 42, tickFormat: utcFormat("%H:%M:%S")},
    y: {label: `↑ Actions per ${bin.label}`, grid: true},
    color: {legend: true, label: "Verb", domain: [...verbs]},
    marks: [
      Plot.rectY(
        timed,
        Plot.binX<Plot.RectYOptions>(
          {y: "count"},
          {x: "time", fill: "verb", interval: utcSecond.every(bin.seconds) ?? undefined, tip: true}
        )
      ),
      Plot.ruleY([0])
    ]
  });
  if (!onSelect || !times.length) return plot;
  const svg = plot instanceof SVGSVGElement ? plot : plot.querySelector("svg[class^='plot-']");
  const x = plot.scale("x");
  if (!svg || !x?.invert || !x.apply) return plot;
  const [x0, x1] = x.range as [number, number];
  const brush = brushX<unknown>()
    .extent([
      [x0, marginTop],
      [x1, height - axisRoom.marginBottom]
    ])
    .on("end", (event: {selection: [number, number] | null; sourceEvent?: unknown}) => {
      if (!event.sourceEvent) return; // moved by code, below
      const picked = event.selection;
      onSelect(picked ? [x.invert!(picked[0]) as Date, x.invert!(picked[1]) as Date] : null);
    });
  const layer = select(svg).append("g").attr("class", "time-brush").call(brush);
  if (selection) layer.call(brush.move, [x.apply(selection[0]), x.apply(selection[1])]);
  return plot;
}
