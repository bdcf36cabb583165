import * as Plot from "@observablehq/plot";
import {axisRoom, charsIn, labelMargin, textWidth, truncate, xLabelOffset} from "./chartStyle.js";

export interface TemplatePoint {
  /** 1-based line number in the log. */
  line: number;
  template: string;
}

/**
 * Where each template occurs along the log: one row per template (the `top` most frequent, the rest as
 * "(others)"), a tick per line. Templates are SVG text (log content never becomes markup), cut to fit, in full in
 * the tip.
 * Example: `resize((width) => TemplateTimeline(points, {width, top: 15}))`
 */
export function TemplateTimeline(
  points: readonly TemplatePoint[],
  {width, top = 15, document}: {width: number; top?: number; document?: Document}
) {
  const counts = new Map<string, number>();
  for (const p of points) counts.set(p.template, (counts.get(p.template) ?? 0) + 1);
  const shown = [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([t]) => t);
  const kept = new Set(shown);
  const others = counts.size > shown.length ? `(${counts.size - shown.length} others)` : null;
  const rows = others ? [...shown, others] : shown;
  const data = points.map((p) => ({
    line: p.line,
    row: kept.has(p.template) ? p.template : others!,
    template: p.template
  }));
  const max = width / 2;
  // Templates are dense in wide glyphs (`<*>`, capitals): cut them shorter than the average-width estimate says.
  const chars = Math.floor(charsIn(max - 24) * 0.8);
  const label = (t: string) => truncate(t, chars);
  const lastLine = Math.max(0, ...points.map((p) => p.line));
  return Plot.plot({
    width,
    document,
    height: rows.length * 22 + 90,
    ...axisRoom,
    marginLeft: labelMargin(rows.map(label), {max, pad: 24}),
    // The last x tick is centred on the frame's edge: room for half of it.
    marginRight: 16 + textWidth(lastLine.toLocaleString("en-US")) / 2,
    x: {label: "Line", labelOffset: xLabelOffset, grid: true},
    y: {label: null, domain: rows, tickFormat: label},
    marks: [
      Plot.tickX(data, {
        x: "line",
        y: "row",
        strokeOpacity: 0.6,
        tip: true,
        title: (d) => `line ${d.line}: ${d.template}`
      })
    ]
  });
}
