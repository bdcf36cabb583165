import * as Plot from "@observablehq/plot";
import type {Count} from "../lib/countBy.js";
import {axisLabelRoom, axisRoom, charsIn, labelMargin, textWidth, truncate, xLabelOffset} from "./chartStyle.js";

// Re-exported so pages import the counts beside the chart that draws them.
export {countBy, type Count} from "../lib/countBy.js";

/**
 * Horizontal bars of the top `top` counts, the rest folded into one "(N others)" bar so the tail stays visible.
 * Labels are SVG text, so attacker-controlled names never become markup; a name longer than half the width is cut
 * with an ellipsis, in full in the bar's tip.
 * Example: `resize((width) => CountBars(countBy(rows, (d) => d.user), {width, label: "User", top: 15}))`
 */
export function CountBars(
  counts: Count[],
  {width, label, top = 20, document}: {width: number; label: string; top?: number; document?: Document}
) {
  const shown = counts.slice(0, top);
  const rest = counts.slice(top);
  // The tail folded into one bar, named and greyed so it does not read as one more value.
  const others = rest.length ? `(${rest.length} others, summed)` : null;
  if (others) shown.push({key: others, count: rest.reduce((s, d) => s + d.count, 0)});
  const format = (count: number) => count.toLocaleString("en-US");
  const marginLeft = labelMargin(
    shown.map((d) => d.key),
    {max: width / 2, pad: 12 + axisLabelRoom}
  );
  return Plot.plot({
    document,
    width,
    height: 24 * shown.length + 76,
    marginLeft,
    // Room for the count printed after the longest bar.
    marginRight: 12 + Math.max(0, ...shown.map((d) => textWidth(format(d.count)))),
    ...axisRoom,
    x: {label: "Count", grid: true, labelOffset: xLabelOffset},
    y: {
      label,
      domain: shown.map((d) => d.key),
      tickFormat: (key: string) => truncate(key, charsIn(marginLeft - 12 - axisLabelRoom))
    },
    marks: [
      Plot.barX(shown, {
        x: "count",
        y: "key",
        fill: (d: Count) => (d.key === others ? "var(--theme-foreground-faint)" : "var(--theme-foreground-focus)"),
        tip: true
      }),
      Plot.text(shown, {
        x: "count",
        y: "key",
        text: (d: Count) => format(d.count),
        dx: 4,
        textAnchor: "start"
      }),
      Plot.ruleX([0])
    ]
  });
}
