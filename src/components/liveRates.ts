import * as Plot from "@observablehq/plot";
import {axisRoom, xLabelOffset} from "./chartStyle.js";

/** One replayed event on the chart: seconds since the stream began, the rates after it, and what it was. */
export interface LiveRatePoint {
  seconds: number;
  rollingPrecision: number;
  rollingRecall: number;
  /** "caught" (an alerted attack), "missed" (an attack not alerted), "false alarm", or null (benign, quiet). */
  outcome: "caught" | "missed" | "false alarm" | null;
}

const OUTCOMES = ["caught", "missed", "false alarm"];
const OUTCOME_COLOURS = ["#2ca02c", "#d62728", "#ff7f0e"];

/**
 * Rolling precision and recall over stream time as the replay goes, with a tick per caught attack, missed attack and
 * false alarm along the bottom; the x axis spans the whole stream so the lines grow from left to right.
 * Example: `resize((width) => LiveRates(points, {width, duration: 67, window: 500}))`
 */
export function LiveRates(
  points: readonly LiveRatePoint[],
  {width, duration, window, document}: {width: number; duration: number; window: number; document?: Document}
) {
  const lines = ["rollingPrecision", "rollingRecall"].flatMap((key) =>
    points
      .filter((p) => Number.isFinite(p[key as "rollingPrecision"]))
      .map((p) => ({
        seconds: p.seconds,
        value: p[key as "rollingPrecision"],
        rate: key === "rollingPrecision" ? `precision, last ${window} events` : `recall, last ${window} events`
      }))
  );
  const ticks = points.filter((p) => p.outcome !== null);
  const rates = [`precision, last ${window} events`, `recall, last ${window} events`];
  return Plot.plot({
    width,
    document,
    height: 280,
    ...axisRoom,
    marginLeft: 52,
    marginRight: 16,
    x: {label: "Stream time (s)", domain: [0, Math.max(duration, 1)], labelOffset: xLabelOffset},
    y: {label: "Rate", domain: [-0.12, 1], ticks: [0, 0.25, 0.5, 0.75, 1], tickFormat: "%", grid: true},
    color: {legend: true, domain: [...rates, ...OUTCOMES], range: ["#1f77b4", "#9467bd", ...OUTCOME_COLOURS]},
    marks: [
      Plot.ruleY([0]),
      Plot.line(lines, {x: "seconds", y: "value", stroke: "rate", strokeWidth: 2}),
      Plot.ruleX(ticks, {x: "seconds", y1: -0.11, y2: -0.02, stroke: "outcome", strokeWidth: 1.5})
    ]
  });
}
