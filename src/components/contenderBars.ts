import * as Plot from "@observablehq/plot";
import {extent} from "d3";
import {axisRoom, charsIn, labelMargin, textWidth, truncate, xLabelOffset} from "./chartStyle.js";

export interface ContenderValue {
  /** The group, e.g. the input file or the model. */
  group: string;
  /** The contender, e.g. "prepare" or "pandas read_json". */
  contender: string;
  value: number;
}

/**
 * Grouped horizontal bars: one row per group, one bar per contender, `highlight` drawn in the focus colour and
 * the peers in distinct hues. On a log scale (`log: true`) a bar from zero has no start, so each value is a dot
 * on a faint rule from the axis' start, with ticks at the powers of ten written out (0.001, not 1m).
 * Example: `resize((width) => ContenderBars(values, {width, label: "Events per second", highlight: "prepare"}))`
 */
export function ContenderBars(
  values: ContenderValue[],
  {width, label, highlight, log = false}: {width: number; label: string; highlight: string; log?: boolean}
) {
  const groups = [...new Set(values.map((d) => d.group))];
  const contenders = [...new Set(values.map((d) => d.contender))];
  const peers = contenders.filter((c) => c !== highlight);
  const format = (value: number) => value.toLocaleString("en-US", {maximumSignificantDigits: 3});
  const [low, high] = extent(values, (d) => d.value);
  const decades = log && low !== undefined && high !== undefined && low > 0 ? powersOfTen(low, high) : undefined;
  return Plot.plot({
    width,
    height: groups.length * (contenders.length * 18 + 16) + 76,
    marginLeft: labelMargin(groups, {max: width / 3, pad: 16}),
    marginRight: 12 + Math.max(0, ...values.map((d) => textWidth(format(d.value)))),
    ...axisRoom,
    x: decades
      ? {
          label,
          grid: true,
          type: "log",
          labelOffset: xLabelOffset,
          domain: [decades[0], decades[decades.length - 1]],
          ticks: decades,
          tickFormat: format
        }
      : {label, grid: true, type: "linear", labelOffset: xLabelOffset},
    y: {label: null, domain: contenders, axis: null},
    fy: {label: null, domain: groups, tickFormat: (g: string) => truncate(g, charsIn(width / 3 - 16))},
    color: {
      domain: contenders,
      // Distinct hues that read on the light and the dark theme (greys of the theme vanished in dark mode).
      range: contenders.map((c) =>
        c === highlight ? "var(--theme-foreground-focus)" : peerColours[peers.indexOf(c) % peerColours.length]
      ),
      legend: true
    },
    marks: [
      decades
        ? Plot.ruleY(values, {
            x1: decades[0],
            x2: "value",
            y: "contender",
            fy: "group",
            stroke: "contender",
            strokeOpacity: 0.5
          })
        : null,
      (decades ? Plot.dot : Plot.barX)(values, {
        x: "value",
        y: "contender",
        fy: "group",
        fill: "contender",
        ...(decades ? {r: 6} : {}),
        title: (d: ContenderValue) => `${d.group}, ${d.contender}: ${format(d.value)}`
      }),
      Plot.text(values, {
        x: "value",
        y: "contender",
        fy: "group",
        text: (d: ContenderValue) => format(d.value),
        dx: decades ? 10 : 4,
        textAnchor: "start"
      }),
      decades ? null : Plot.ruleX([0])
    ]
  });
}

/** Peers' colours (Observable's categorical palette without its blue, which is the highlight's). */
const peerColours = ["#e7a33e", "#6cc5b0", "#a463f2", "#9c6b4e"];

/** The powers of ten around [low, high]: powersOfTen(0.0016, 70) is [0.001, 0.01, 0.1, 1, 10, 100]. */
function powersOfTen(low: number, high: number): number[] {
  const from = Math.floor(Math.log10(low));
  const to = Math.ceil(Math.log10(high));
  return Array.from({length: to - from + 1}, (_, i) => Number(`1e${from + i}`));
}
