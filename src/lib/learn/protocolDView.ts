/**
 * The Metrics page's view of protocol (d) (the `d` section of src/data/reproduce.json, written by
 * `npm run reproduce -- --only d`): one row per model with what validation chose, top-1 with its interval and
 * top-5, and the paired tests in words.
 */
import {formatInterval, formatPercent} from "../metrics/formatMetrics.js";

/** The fields of reproduce.json's `d` section that the page reads. */
export interface ProtocolDSection {
  rows: {
    model: string;
    kind: string;
    window: number;
    hyperparameters: unknown;
    n: number;
    accuracy: number;
    ci: [number, number];
    top5: number;
  }[];
  comparisons: {a: string; b: string; test: {difference: number; ci: [number, number]; pValue: number}}[];
  limits: {testWindows: number; unseenTargets: number; top5Ceiling: number};
  /** The best candidate of each family on the validation part (absent in sections written before it existed). */
  ablation?: {
    family: string;
    candidates: number;
    best: {kind: string; window: number; hyperparameters: unknown};
    validation: {n: number; accuracy: number; top5: number};
  }[];
}

/** "kind w=W, key value, ..." for a model's settings (arrays joined by "/"). */
function settingsText(kind: string, window: number, hyperparameters: unknown): string {
  const settings = Object.entries((hyperparameters ?? {}) as Record<string, unknown>)
    .map(([key, value]) => `${key} ${Array.isArray(value) ? value.join("/") : String(value)}`)
    .join(", ");
  return `${kind} w=${window}${settings ? `, ${settings}` : ""}`;
}

/**
 * One table row per model.
 * @example protocolDRows(d)[0] // {model: "n-gram w=2 (baseline)", chosen: "ngram w=2", "top-1 [95% CI]": "74.9% [70.9%, 78.9%]", "top-5": "90.6%"}
 */
export function protocolDRows(
  d: ProtocolDSection
): {model: string; chosen: string; "top-1 [95% CI]": string; "top-5": string}[] {
  return d.rows.map((r) => ({
    model: r.model,
    chosen: settingsText(r.kind, r.window, r.hyperparameters),
    "top-1 [95% CI]": `${formatPercent(r.accuracy)} ${formatInterval(r.ci)}`,
    "top-5": formatPercent(r.top5)
  }));
}

/**
 * One row per family of the search's candidates: its best on the validation part (no test window involved).
 * @example protocolDAblation(d)[0] // {family: "n-gram (window, beta)", candidates: 18, "best on validation": "ngram w=3, beta 0.1", "validation top-1": "74.9%", "validation top-5": "91.3%"}
 */
export function protocolDAblation(d: ProtocolDSection): {
  family: string;
  candidates: number;
  "best on validation": string;
  "validation top-1": string;
  "validation top-5": string;
}[] {
  return (d.ablation ?? []).map((a) => ({
    family: a.family,
    candidates: a.candidates,
    "best on validation": settingsText(a.best.kind, a.best.window, a.best.hyperparameters),
    "validation top-1": formatPercent(a.validation.accuracy),
    "validation top-5": formatPercent(a.validation.top5)
  }));
}

/**
 * The paired tests in words, one per comparison.
 * @example protocolDTests(d)[0] // "--model auto − n-gram w=2 (baseline): +3.8 points [+1.5, +6.1], p = 0.004"
 */
export function protocolDTests(d: ProtocolDSection): string[] {
  const points = (x: number) => `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)}`;
  return d.comparisons.map(
    ({a, b, test}) =>
      `${a} − ${b}: ${points(test.difference)} points [${points(test.ci[0])}, ${points(test.ci[1])}], p = ${test.pValue.toFixed(3)}`
  );
}
