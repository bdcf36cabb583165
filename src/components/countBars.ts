import * as Plot from "@observablehq/plot";
import {rollups} from "d3";

export interface Count {
  key: string;
  count: number;
}

/** Counts of `key(d)` over `data`, most frequent first (ties by key). */
export function countBy<T>(data: Iterable<T>, key: (d: T) => string | null | undefined): Count[] {
  return rollups(
    data,
    (group) => group.length,
    (d) => key(d) ?? "(none)"
  )
    .map(([key, count]) => ({key, count}))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

/**
 * Horizontal bars of the top `top` counts, the rest folded into one "(N others)" bar so the tail stays visible.
 * Labels are SVG text, so attacker-controlled names never become markup.
 * Example: `resize((width) => CountBars(countBy(rows, (d) => d.user), {width, label: "User", top: 15}))`
 */
export function CountBars(counts: Count[], {width, label, top = 20}: {width: number; label: string; top?: number}) {
  const shown = counts.slice(0, top);
  const rest = counts.slice(top);
  if (rest.length) shown.push({key: `(${rest.length} others)`, count: rest.reduce((s, d) => s + d.count, 0)});
  const longest = Math.max(0, ...shown.map((d) => d.key.length));
  return Plot.plot({
    width,
    height: 22 * shown.length + 40,
    marginLeft: Math.min(width / 2, 8 + 7 * longest),
    marginRight: 56, // room for the count printed after the longest bar
    x: {label: "Count", grid: true},
    y: {label, domain: shown.map((d) => d.key)},
    marks: [
      Plot.barX(shown, {x: "count", y: "key", fill: "var(--theme-foreground-focus)", tip: true}),
      Plot.text(shown, {
        x: "count",
        y: "key",
        text: (d: Count) => d.count.toLocaleString("en-US"),
        dx: 4,
        textAnchor: "start"
      }),
      Plot.ruleX([0])
    ]
  });
}
