import * as Plot from "@observablehq/plot";
import type {FunnelStep} from "../lib/ingest/ingestFunnel.js";
import {axisRoom, labelMargin, textWidth, xLabelOffset} from "./chartStyle.js";

/**
 * From input lines to actions: one bar per step of ingestion, what is left after it, labelled with the count.
 * Example: `resize((width) => IngestFunnelBars(ingestFunnel(report), {width}))`
 */
export function IngestFunnelBars(steps: readonly FunnelStep[], {width}: {width: number}) {
  const fmt = (n: number) => n.toLocaleString("en-US");
  return Plot.plot({
    width,
    height: 34 * steps.length + 76,
    marginLeft: labelMargin(
      steps.map((s) => s.stage),
      {max: width / 2}
    ),
    marginRight: 12 + textWidth(fmt(Math.max(0, ...steps.map((s) => s.remaining)))),
    ...axisRoom,
    x: {label: "Lines, events or actions left", labelOffset: xLabelOffset, grid: true},
    y: {label: null, domain: steps.map((s) => s.stage)},
    marks: [
      Plot.barX(steps, {
        x: "remaining",
        y: "stage",
        fill: (s: FunnelStep) =>
          s.stage === "Actions" ? "var(--theme-foreground-focus)" : "var(--theme-foreground-muted)",
        title: (s: FunnelStep) => (s.removed ? `−${fmt(s.removed)}: ${s.why}` : s.stage)
      }),
      Plot.text(steps, {
        x: "remaining",
        y: "stage",
        text: (s: FunnelStep) => fmt(s.remaining),
        dx: 4,
        textAnchor: "start"
      }),
      Plot.ruleX([0])
    ]
  });
}
