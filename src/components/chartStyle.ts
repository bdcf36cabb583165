/**
 * The projector-ready type of every chart and control: one size for chart text (ticks, labels, legends, marks),
 * applied to every Plot svg, figure and legend by `chartCss` (in the page head, see observablehq.config.ts), and
 * the label geometry the components size their margins with.
 */

/** Chart text in px: Plot's default is 10, unreadable from the back of a lecture hall. */
export const chartFontSize = 13;

/** Input controls (selects, sliders, text boxes, buttons) in px. */
export const controlFontSize = 15;

/** The narrowest a chart card may be beside another before the cards stack in one column. */
export const minCardWidth = 450;
/** The same for small multiples (three-up grids: weight histograms, training history). */
export const minSmallMultipleWidth = 300;

/**
 * The page CSS: Plot styles its charts with zero-specificity `:where(.plot-…)` rules, so a class-prefix selector
 * overrides them; tables (`-table`) keep the theme's size so wide tables still fit. Two-up card grids put as many
 * cards in a row as fit at `minCardWidth` (one column at 1024 px, where the main column is 656 px), three-up grids
 * of small multiples as many as fit at `minSmallMultipleWidth`.
 * A table inside `<div class="fit-table">` fits its column: headers and cells wrap instead of being cut.
 */
export const chartCss = `[class^="plot-"]{font-size:${chartFontSize}px}
form[class^="inputs-"]:not([class*="-table"]){font-size:${controlFontSize}px;--label-width:165px;--input-width:260px}
form[class^="inputs-"][class*="-textarea"]{--input-width:560px}
.grid.grid-cols-2{grid-template-columns:repeat(auto-fit,minmax(min(100%,${minCardWidth}px),1fr));grid-auto-rows:auto}
.grid.grid-cols-3{grid-template-columns:repeat(auto-fit,minmax(min(100%,${minSmallMultipleWidth}px),1fr));grid-auto-rows:auto}
.fit-table th,.fit-table td{white-space:normal;overflow:visible;text-overflow:clip;vertical-align:top}
.fit-table th{vertical-align:bottom}
.fit-table form{overflow-x:auto;max-height:none!important}`;

/** Width in px of `text` at `fontSize`: system-ui averages about 0.6 em a character (wider for capitals). */
export function textWidth(text: string, fontSize = chartFontSize): number {
  return Math.ceil(text.length * fontSize * 0.6);
}

/**
 * Room around the frame for 13 px axes: the y-axis label on top clears the highest tick, and the x-axis label sits
 * below the tick labels instead of running into the last one. Spread into `Plot.plot`, with `xLabelOffset` as the
 * x scale's `labelOffset`.
 */
export const axisRoom = {marginTop: 30, marginBottom: 46};
export const xLabelOffset = 42;

/** Room left of the tick labels for a rotated y-axis label. */
export const axisLabelRoom = 20;

/**
 * A margin that fits the longest of `labels` plus the tick (`pad`), at most `max` px (longer labels are cut by
 * `truncate`). Example: `marginLeft: labelMargin(keys, {max: width / 2})`
 */
export function labelMargin(labels: readonly string[], {max, pad = 12}: {max: number; pad?: number}): number {
  return Math.min(max, pad + Math.max(0, ...labels.map((l) => textWidth(l))));
}

/** How many characters fit in `px` at the chart font size. */
export function charsIn(px: number, fontSize = chartFontSize): number {
  return Math.max(4, Math.floor(px / (fontSize * 0.6)));
}

/**
 * `label` cut to `chars` characters by an ellipsis in the middle, keeping both ends (names differ at the end as
 * often as at the start); the full text goes in a title or tip.
 * @example truncate("system:serviceaccount:kube-system:job-controller", 24) // "system:se…job-controller"
 */
export function truncate(label: string, chars: number): string {
  if (label.length <= chars) return label;
  const head = Math.floor((chars - 1) * 0.4);
  return `${label.slice(0, head)}…${label.slice(label.length - (chars - 1 - head))}`;
}
