import * as Plot from "@observablehq/plot";
import type {ConfusionMatrix} from "../lib/metrics/confusionMatrix.js";

/**
 * Confusion matrix as a heatmap (rows: true action, columns: predicted), each row normalised so colour reads as
 * "share of this action's occurrences", with the counts printed. Labels are SVG text (never markup).
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
  const longest = Math.max(0, ...labels.map((l) => l.length));
  const margin = Math.min(width / 3, 8 + 7 * longest);
  const side = Math.max(16, Math.min(40, (width - margin - 20) / labels.length));
  return Plot.plot({
    document,
    width: margin + side * labels.length + 20,
    height: margin + side * labels.length + 20,
    marginLeft: margin,
    marginBottom: margin,
    x: {label: "Predicted", domain: labels, tickRotate: -50},
    y: {label: "True", domain: labels},
    color: {scheme: "blues", domain: [0, 1], label: "Share of the true action", legend: true},
    marks: [
      Plot.cell(cells, {
        x: "predicted",
        y: "truth",
        fill: "share",
        inset: 0.5,
        tip: {format: {share: ".1%"}},
        channels: {count: "count"}
      }),
      Plot.text(
        cells.filter((d) => d.count > 0),
        {
          x: "predicted",
          y: "truth",
          text: "count",
          fill: (d: {share: number}) => (d.share > 0.5 ? "white" : "black"),
          fontSize: 10
        }
      )
    ]
  });
}
