import * as Plot from "@observablehq/plot";
import {axisRoom, chartFontSize, textWidth, xLabelOffset} from "./chartStyle.js";

export interface ActionPoint {
  x: number;
  y: number;
  action: string;
  verb: string;
  /** How often the action occurs in training (labels are drawn for the most frequent first). */
  count?: number;
}

/**
 * A 2-D map of learned action vectors (e.g. their first two principal components), coloured by verb, with the
 * action names as text labels: of the `labelled` most frequent, those that do not cover a more frequent one's
 * label (all are in the tooltip). `highlight` rings and labels every action whose name contains it, instead.
 * Example: `resize((width) => ActionMap(points, {width, labelled: 40}))`
 */
export function ActionMap(
  points: readonly ActionPoint[],
  {
    width,
    labelled = 40,
    xLabel = "PC 1",
    yLabel = "PC 2",
    highlight = ""
  }: {width: number; labelled?: number; xLabel?: string; yLabel?: string; highlight?: string}
) {
  const needle = highlight.trim().toLowerCase();
  const found = needle ? points.filter((p) => p.action.toLowerCase().includes(needle)) : [];
  // With a search, only the matches are labelled (ringed too), so they stand out from the crowd.
  const height = Math.min(640, Math.max(360, width * 0.6));
  const named = needle ? found : [...points].sort((a, b) => (b.count ?? 0) - (a.count ?? 0)).slice(0, labelled);
  const options = (labels: readonly ActionPoint[]): Plot.PlotOptions => ({
    width,
    height,
    grid: true,
    ...axisRoom,
    // Inset so the labels of the outermost points stay inside the chart.
    x: {label: xLabel, labelOffset: xLabelOffset, inset: 70},
    y: {label: yLabel, inset: 16},
    color: {legend: true, label: "Verb", type: "categorical"},
    marks: [
      Plot.dot(points, {
        x: "x",
        y: "y",
        fill: "verb",
        r: 5,
        fillOpacity: needle ? 0.35 : 1,
        tip: true,
        channels: {action: "action"}
      }),
      Plot.dot(found, {x: "x", y: "y", r: 9, stroke: "currentColor", strokeWidth: 2}),
      Plot.text(labels, {
        x: "x",
        y: "y",
        text: "action",
        dy: -9,
        fill: "currentColor",
        stroke: "var(--theme-background)",
        strokeWidth: 3,
        paintOrder: "stroke"
      })
    ]
  });
  // A first drawing gives the scales; labels that would cover an earlier (more frequent) one are left to the
  // tooltip, so every label drawn can be read.
  const scales = Plot.plot(options([]));
  const x = scales.scale("x")!;
  const y = scales.scale("y")!;
  const placed: {left: number; right: number; top: number; bottom: number}[] = [];
  const readable = named.filter((p) => {
    const cx = x.apply!(p.x) as number;
    const cy = (y.apply!(p.y) as number) - 9;
    const half = textWidth(p.action) / 2;
    const box = {
      left: cx - half,
      right: cx + half,
      top: cy - chartFontSize / 2 - 1,
      bottom: cy + chartFontSize / 2 + 1
    };
    if (placed.some((b) => b.left < box.right && box.left < b.right && b.top < box.bottom && box.top < b.bottom))
      return false;
    placed.push(box);
    return true;
  });
  return Plot.plot(options(readable));
}
