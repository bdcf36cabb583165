import * as Plot from "@observablehq/plot";
import {ticks} from "d3";
import {axisRoom, xLabelOffset} from "./chartStyle.js";
import type {EpochLog} from "../lib/learn/predictor.js";

/**
 * Training and validation curves of one measure per epoch, with the best epoch (the weights the model keeps)
 * marked by a vertical rule and, when training stopped early, the stopping epoch by a dashed one.
 * Example: `resize((width) => TrainingCurves(history, {width, measure: "loss", bestEpoch: 4}))`
 */
export function TrainingCurves(
  history: readonly EpochLog[],
  {
    width,
    measure,
    bestEpoch,
    stoppedAt,
    epochs,
    height = 260,
    document
  }: {
    width: number;
    measure: "loss" | "accuracy";
    bestEpoch?: number;
    stoppedAt?: number;
    /** Epochs requested: the x axis spans them from the start, so the curves do not rescale as a run goes on. */
    epochs?: number;
    height?: number;
    /** The document to render into (a jsdom one in Node tests); the page's by default. */
    document?: Document;
  }
) {
  const validation = measure === "loss" ? "valLoss" : "valAccuracy";
  const points = history.flatMap((d) => [
    {epoch: d.epoch, value: d[measure], part: "training"},
    ...(d[validation] === undefined ? [] : [{epoch: d.epoch, value: d[validation] as number, part: "validation"}])
  ]);
  return Plot.plot({
    document,
    width,
    height,
    ...axisRoom,
    x: epochAxis(history, epochs),
    y: {label: measure === "loss" ? "Cross-entropy loss" : "Accuracy", grid: true, zero: measure === "accuracy"},
    color: {domain: ["training", "validation"], range: ["var(--theme-foreground-focus)", "#e7a33e"], legend: true},
    marks: [
      bestEpoch ? Plot.ruleX([bestEpoch], {stroke: "var(--theme-foreground-muted)", strokeWidth: 2}) : null,
      bestEpoch
        ? Plot.text([bestEpoch], {
            x: (d: number) => d,
            frameAnchor: "top",
            dy: 4,
            // Beside the rule, on the side with room (left of it in the right half of the axis).
            ...(bestEpoch > (1 + Math.max(2, epochs ?? 0, history.length)) / 2
              ? {dx: -4, textAnchor: "end" as const}
              : {dx: 4, textAnchor: "start" as const}),
            text: () => `best epoch ${bestEpoch}`
          })
        : null,
      stoppedAt ? Plot.ruleX([stoppedAt], {stroke: "var(--theme-foreground-muted)", strokeDasharray: "4 4"}) : null,
      Plot.line(points, {x: "epoch", y: "value", stroke: "part", strokeWidth: 2.5}),
      Plot.dot(points, {x: "epoch", y: "value", fill: "part", r: 4, tip: true})
    ]
  });
}

/**
 * The learning rate used in each epoch, as steps (reduce-on-plateau halves it).
 * Example: `resize((width) => LearningRateSteps(history, {width}))`
 */
export function LearningRateSteps(
  history: readonly EpochLog[],
  {width, epochs, height = 180}: {width: number; epochs?: number; height?: number}
) {
  const points = history.filter((d) => d.learningRate !== undefined);
  return Plot.plot({
    width,
    height,
    ...axisRoom,
    marginLeft: 56, // "0.005" at 13 px
    x: epochAxis(history, epochs),
    y: {label: "Learning rate", grid: true, zero: true, tickFormat: "~g"},
    marks: [
      Plot.line(points, {
        x: "epoch",
        y: "learningRate",
        curve: "step-after",
        stroke: "var(--theme-foreground-focus)",
        strokeWidth: 2.5
      }),
      Plot.dot(points, {x: "epoch", y: "learningRate", fill: "var(--theme-foreground-focus)", r: 4, tip: true})
    ]
  });
}

/**
 * Epochs 1 to `epochs` (or to the last one logged), whole-number ticks only (at most about 10), so an empty or
 * one-epoch history still has an axis that reads "1 2", not "1 2 2".
 */
function epochAxis(history: readonly EpochLog[], epochs?: number): Plot.ScaleOptions {
  const last = Math.max(2, epochs ?? 0, history.length);
  return {
    label: "Epoch",
    labelOffset: xLabelOffset,
    domain: [1, last],
    ticks: ticks(1, last, Math.min(10, last)).filter(Number.isInteger),
    tickFormat: "d"
  };
}
