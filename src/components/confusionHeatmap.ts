import * as Plot from "@observablehq/plot";
import type {ConfusionMatrix} from "../lib/metrics/confusionMatrix.js";
import {axisLabelRoom, charsIn, labelMargin, truncate} from "./chartStyle.js";

/**
 * Confusion matrix as a heatmap (rows: true action, columns: predicted), each row normalised so the colour's strength reads
 * as "share of this action's occurrences", with the counts printed. Labels are SVG text (never markup).
 * Example: `resize((width) => ConfusionHeatmap(foldConfusion(confusion, 15), {width}))`
 */
export function ConfusionHeatmap(
  {labels, matrix}: ConfusionMatrix,
  {width, document}: {width: number; document?: Document}
) {
  const cells = matrix.flatMap((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return row.map((count, j) => ({truth: labels[i], predicted: labels[j], count, share: total ? count / total : 0}));
  });
  const margin = labelMargin(labels, {max: width / 3, pad: 12 + axisLabelRoom});
  const cut = (label: string) => truncate(label, charsIn(margin - 12 - axisLabelRoom));
  // Cells big enough for a three-digit count at 12 px and for one vertical label each (the card scrolls if need be).
  const side = Math.max(26, Math.min(44, (width - margin - 20) / labels.length));
  return Plot.plot({
    document,
    width: margin + side * labels.length + 20,
    height: margin + side * labels.length + 60,
    marginLeft: margin,
    marginBottom: margin,
    x: {label: "Predicted", domain: labels, tickRotate: -90, tickFormat: cut},
    y: {label: "True", domain: labels, tickFormat: cut},
    // Opacity of the theme's focus colour, not a white-to-blue scheme: empty cells take the page's background, so
    // the matrix reads in dark mode as in light.
    // The legend ramp takes a fixed blue (a CSS variable cannot be interpolated) and margins for its end labels.
    opacity: {
      domain: [0, 1],
      range: [0, 1],
      label: "Share of the true action",
      legend: true,
      tickFormat: "%",
      color: "#4269d0",
      width: 300,
      marginLeft: 16,
      marginRight: 20
    } as Plot.ScaleOptions,
    marks: [
      Plot.cell(cells, {
        x: "predicted",
        y: "truth",
        fill: "var(--theme-foreground-faintest)",
        fillOpacity: 0.35,
        inset: 0.5
      }),
      Plot.cell(cells, {
        x: "predicted",
        y: "truth",
        fill: "var(--theme-foreground-focus)",
        fillOpacity: "share",
        inset: 0.5,
        tip: {format: {fillOpacity: ".1%"}},
        channels: {count: "count"}
      }),
      Plot.text(
        cells.filter((d) => d.count > 0),
        {
          x: "predicted",
          y: "truth",
          text: "count",
          fill: (d: {share: number}) => (d.share > 0.5 ? "white" : "currentColor"),
          fontSize: 12
        }
      )
    ]
  });
}
