/**
 * The detector comparison as Markdown tables (scripts/detect-compare.ts and `npm run reproduce` print them):
 * the side-by-side table with 95% intervals, recall per technique, and the held-out-technique protocol.
 */
import type {Interval} from "../metrics/bootstrap.js";
import type {DetectorComparison} from "./detectorComparison.js";

const p = (x: number) => x.toFixed(3);
const ci = ([lo, hi]: Interval, f = p) => `[${f(lo)}, ${f(hi)}]`;

/**
 * Markdown for a comparison.
 * @example formatComparison(result).split("\n")[0] // "test: 5074 events, 111 attack events (…)"
 */
export function formatComparison(result: DetectorComparison): string {
  const {parts, detectors, heldOut} = result;
  const out: string[] = [];
  out.push(
    `train: lines 1-${parts.trainLines} (supervised data: ${parts.supervisedLines} lines, ${parts.supervisedAttacks} attack events, seed 1002; ` +
      `validation: last ${parts.validationLines} lines, ${parts.validationAttacks} attack events, seed 1001); ` +
      `test: ${parts.testLines} lines, ${parts.testEvents} events, ${parts.attacks} attack events (seed 2026)`,
    "",
    "| detector | family | settings (chosen on validation) | validation P / R / benign % | precision | recall | F1 | FP / 1k benign actions | attack writes caught | campaigns alerted |",
    "|---|---|---|---|---|---|---|---|---|---|"
  );
  for (const d of detectors) {
    const e = d.evaluation;
    const v = d.validation;
    out.push(
      `| ${d.name} | ${d.family} | ${d.settings} | ${p(v.precision)} / ${p(v.recall)} / ${v.benignPercent.toFixed(1)} | ` +
        `${p(e.precision)} ${ci(e.intervals.precision)} | ${p(e.recall)} ${ci(e.intervals.recall)} | ${p(e.f1)} ${ci(e.intervals.f1)} | ` +
        `${e.fpPer1kActions.toFixed(1)} ${ci(e.intervals.fpPer1kActions, (x) => x.toFixed(1))} | ${e.caughtActions}/${e.attackActions} | ` +
        `${e.campaigns?.caught ?? "-"}/${e.campaigns?.total ?? "-"} |`
    );
  }
  const techniques = Object.keys(detectors[0]?.evaluation.techniques ?? {});
  out.push("", "Recall per technique (caught / attack events, 95% interval)", "");
  out.push(`| technique | ${detectors.map((d) => d.name).join(" | ")} |`);
  out.push(`|---|${detectors.map(() => "---").join("|")}|`);
  for (const t of techniques)
    out.push(
      `| ${t} | ${detectors
        .map((d) => {
          const x = d.evaluation.techniques[t];
          return `${x.caught}/${x.attacks} ${ci(x.interval, (v) => v.toFixed(2))}`;
        })
        .join(" | ")} |`
    );
  if (heldOut.length > 0) {
    const names = Object.keys(heldOut[0].detectors);
    out.push("", "Held-out technique: recall on the technique when training and validation never saw it (with it)", "");
    out.push(`| technique | attack events | ${names.join(" | ")} |`);
    out.push(`|---|---|${names.map(() => "---").join("|")}|`);
    for (const row of heldOut)
      out.push(
        `| ${row.technique} | ${row.attacks} | ${names
          .map((n) => `${p(row.detectors[n].without)} (${p(row.detectors[n].with)})`)
          .join(" | ")} |`
      );
    const mean = (n: string, key: "without" | "with") => {
      let caught = 0;
      let total = 0;
      for (const row of heldOut) {
        caught += row.detectors[n][key] * row.attacks;
        total += row.attacks;
      }
      return total === 0 ? 0 : caught / total;
    };
    out.push(
      `| all (event-weighted) | ${heldOut.reduce((a, r) => a + r.attacks, 0)} | ${names
        .map((n) => `${p(mean(n, "without"))} (${p(mean(n, "with"))})`)
        .join(" | ")} |`
    );
  }
  return out.join("\n");
}

/** One point of a detector's test precision–recall curve; `chosen` marks the setting validation chose. */
export interface CurvePoint {
  detector: string;
  precision: number;
  recall: number;
  benignPercent: number;
  chosen: boolean;
}

/**
 * Every detector's curve as rows for a chart, the chosen setting's point (the table's) marked.
 * @example comparisonCurves(result).filter((p) => p.chosen).length // one per detector
 */
export function comparisonCurves(result: Pick<DetectorComparison, "detectors">): CurvePoint[] {
  return result.detectors.flatMap((d) => [
    ...d.curve.map((p) => ({
      detector: d.name,
      precision: p.precision,
      recall: p.recall,
      benignPercent: p.benignPercent,
      chosen: false
    })),
    {
      detector: d.name,
      precision: d.evaluation.precision,
      recall: d.evaluation.recall,
      benignPercent: d.evaluation.fpPer1kActions / 10,
      chosen: true
    }
  ]);
}

/**
 * Precision, recall and F1 with their intervals, one row per detector and metric (for DetectorIntervals).
 * @example comparisonIntervals(result)[0] // {detector: "n-gram top-g + context + rules", metric: "precision", value: 0.718, low: 0.631, high: 0.805}
 */
export function comparisonIntervals(
  result: Pick<DetectorComparison, "detectors">
): {detector: string; metric: string; value: number; low: number; high: number}[] {
  return result.detectors.flatMap(({name, evaluation: e}) =>
    (["precision", "recall", "f1"] as const).map((m) => ({
      detector: name,
      metric: m === "f1" ? "F1" : m,
      value: e[m],
      low: e.intervals[m][0],
      high: e.intervals[m][1]
    }))
  );
}
