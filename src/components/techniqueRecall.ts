import * as Plot from "@observablehq/plot";
import {axisRoom, labelMargin} from "./chartStyle.js";
import {recallAxis} from "./prCurve.js";
import type {TechniqueRecall} from "../lib/detect/topGSweep.js";

/**
 * Recall of each technique as a bar from 0 to 1, labelled "caught / attack events".
 * Example: `resize((width) => TechniqueRecallBars(recallByTechnique(events, {topG: 9}), {width}))`
 */
export function TechniqueRecallBars(
  rows: readonly TechniqueRecall[],
  {width, document}: {width: number; document?: Document}
) {
  return Plot.plot({
    width,
    document,
    height: rows.length * 26 + 80,
    ...axisRoom,
    marginLeft: labelMargin(
      rows.map((r) => r.technique),
      {max: width / 2}
    ),
    marginRight: 60,
    x: recallAxis,
    y: {label: null, domain: rows.map((r) => r.technique)},
    marks: [
      Plot.barX(rows, {x: "recall", y: "technique", fill: "var(--theme-foreground-focus)", fillOpacity: 0.8}),
      Plot.text(rows, {
        x: "recall",
        y: "technique",
        text: (r: TechniqueRecall) => `${r.caught} / ${r.attacks}`,
        dx: 6,
        textAnchor: "start"
      }),
      Plot.ruleX([0])
    ]
  });
}
