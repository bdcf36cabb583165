import * as Plot from "@observablehq/plot";

export interface ContenderValue {
  /** The group, e.g. the input file or the model. */
  group: string;
  /** The contender, e.g. "prepare" or "pandas read_json". */
  contender: string;
  value: number;
}

/**
 * Grouped horizontal bars: one row per group, one bar per contender, `highlight` drawn in the focus colour.
 * Example: `resize((width) => ContenderBars(values, {width, label: "Events per second", highlight: "prepare"}))`
 */
export function ContenderBars(
  values: ContenderValue[],
  {width, label, highlight, log = false}: {width: number; label: string; highlight: string; log?: boolean}
) {
  const groups = [...new Set(values.map((d) => d.group))];
  const contenders = [...new Set(values.map((d) => d.contender))];
  return Plot.plot({
    width,
    height: groups.length * (contenders.length * 16 + 14) + 40,
    marginLeft: 170,
    marginRight: 60,
    x: {label, grid: true, type: log ? "log" : "linear"},
    y: {label: null, domain: contenders, axis: null},
    fy: {label: null, domain: groups},
    color: {
      domain: contenders,
      range: contenders.map((c, i) =>
        c === highlight
          ? "var(--theme-foreground-focus)"
          : `var(--theme-foreground-${["muted", "faint", "fainter", "faintest"][i % 4]})`
      ),
      legend: true
    },
    marks: [
      Plot.barX(values, {
        x: "value",
        y: "contender",
        fy: "group",
        fill: "contender",
        title: (d: ContenderValue) =>
          `${d.contender}: ${d.value.toLocaleString("en-US", {maximumSignificantDigits: 3})}`
      }),
      Plot.text(values, {
        x: "value",
        y: "contender",
        fy: "group",
        text: (d: ContenderValue) => d.value.toLocaleString("en-US", {maximumSignificantDigits: 3}),
        dx: 4,
        textAnchor: "start"
      }),
      log ? null : Plot.ruleX([0])
    ]
  });
}
