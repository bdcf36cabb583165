import * as Plot from "@observablehq/plot";
import {axisRoom, charsIn, labelMargin, truncate, xLabelOffset} from "./chartStyle.js";

export interface FlagPoint {
  time: Date;
  actor: string;
  /** The injected technique, or "benign". */
  technique: string;
  action: string;
}

/** Distinct hues that read on the light and the dark theme; benign flags (false alarms) in the foreground colour. */
export const techniqueColours = [
  "#4e79a7",
  "#f28e2b",
  "#e15759",
  "#59a14f",
  "#b07aa1",
  "#9c755f",
  "#ff9da7",
  "#edc948",
  "#76b7b2",
  "#17becf",
  "#bcbd22",
  "#d62728"
];

/**
 * Flagged events over time, one row per actor, coloured by technique (benign: false alarms).
 * Example: `resize((width) => FlagTimeline(points, {width, techniques}))`
 */
export function FlagTimeline(
  points: readonly FlagPoint[],
  {width, techniques, document}: {width: number; techniques: readonly string[]; document?: Document}
) {
  const actors = [...new Set(points.map((p) => p.actor))].sort();
  const max = width / 3;
  return Plot.plot({
    width,
    document,
    height: Math.max(160, actors.length * 22 + 110),
    ...axisRoom,
    marginLeft: labelMargin(actors, {max}),
    marginRight: 16,
    // One-line UTC ticks: Plot's two-line default ("6:32" under ":00") ran into the axis label.
    x: {
      type: "utc",
      label: "Time (UTC)",
      tickFormat: "%H:%M:%S",
      ticks: width / 110,
      labelOffset: xLabelOffset,
      grid: true
    },
    y: {label: null, domain: actors, tickFormat: (a: string) => truncate(a, charsIn(max - 12))},
    color: {
      domain: ["benign", ...techniques],
      range: ["currentColor", ...techniqueColours],
      legend: true
    },
    marks: [
      Plot.dot(points, {
        x: "time",
        y: "actor",
        fill: "technique",
        fillOpacity: (p: FlagPoint) => (p.technique === "benign" ? 0.45 : 0.9),
        r: 4,
        title: (p: FlagPoint) => `${p.actor}\n${p.action}\n${p.technique}\n${p.time.toISOString()}`
      })
    ]
  });
}
