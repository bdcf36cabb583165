/**
 * How input lines become actions, as steps a reader can follow (the Overview's chart): lines read, lines rejected,
 * later stages of requests already counted, and what the cleaning policy dropped, grouped by the kind of reason.
 */
import type {PrepareReport} from "./types.js";

export interface FunnelStep {
  /** What is left after this step. */
  stage: string;
  remaining: number;
  /** What this step removed (0 for the first). */
  removed: number;
  /** Why, in words (empty for the first). */
  why: string;
}

/**
 * @example ingestFunnel(report).map((s) => s.remaining) // [16564, 16563, 16474, 2802, 2163]
 */
export function ingestFunnel(
  report: Pick<PrepareReport, "lines" | "rejected" | "duplicates" | "actions" | "dropped">
): FunnelStep[] {
  const steps: FunnelStep[] = [{stage: "Input lines", remaining: report.lines, removed: 0, why: ""}];
  const add = (stage: string, removed: number, why: string) => {
    if (removed > 0) steps.push({stage, remaining: steps[steps.length - 1].remaining - removed, removed, why});
  };
  add("Readable events", report.rejected, "rejected lines (see Data quality)");
  add("Unique requests", report.duplicates, "later stages of a request already counted (same auditID)");
  const byKind = new Map<string, {count: number; values: string[]}>();
  for (const [reason, count] of Object.entries(report.dropped)) {
    const [kind, ...rest] = reason.split(" ");
    const group = byKind.get(kind) ?? {count: 0, values: []};
    group.count += count;
    group.values.push(rest.join(" ") || kind);
    byKind.set(kind, group);
  }
  const groups = [...byKind].sort((a, b) => b[1].count - a[1].count);
  for (const [kind, {count, values}] of groups) {
    add(`After dropping ${kind}s`, count, `dropped by the policy: ${kind} ${values.join(", ")}`);
  }
  // Readers that skip lines without calling them rejected (noise before the first event, say) leave a gap: shown,
  // not hidden, so the chart always ends at the real number of actions.
  const left = steps[steps.length - 1].remaining;
  if (left !== report.actions) {
    steps.push({
      stage: "Actions",
      remaining: report.actions,
      removed: left - report.actions,
      why: "other lines, not events"
    });
  }
  steps[steps.length - 1].stage = "Actions";
  return steps;
}
