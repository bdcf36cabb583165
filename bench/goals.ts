/** The benchmark's goals and the rows of its table: every figure is a ratio (higher is better) with its goal. */

export interface Row {
  section: "ingest" | "memory" | "training" | "inference" | "detect" | "build" | "templates";
  /** What is compared, e.g. "prepare vs pandas (1M synthetic)". */
  figure: string;
  /** ours-is-better ratio (e.g. peer time / our time); >= goal means met. */
  ratio: number;
  /** Minimum ratio; undefined when the row is context only. */
  goal?: number;
  /** Absolute figures, for context. */
  context: string;
}

export function met(row: Row): boolean | undefined {
  return row.goal === undefined ? undefined : row.ratio >= row.goal;
}

/** Fixed-width text table. */
export function formatTable(rows: Row[]): string {
  const cells = rows.map((r) => [
    r.section,
    r.figure,
    r.ratio.toFixed(r.ratio >= 100 ? 0 : 2) + "x",
    r.goal === undefined ? "" : `>= ${r.goal}x`,
    met(r) === undefined ? "" : met(r) ? "met" : "MISSED",
    r.context
  ]);
  const header = ["section", "figure", "ratio", "goal", "", "context (absolute)"];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) =>
    c
      .map((v, i) => (i === 2 ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}

export const fmt = {
  s: (s: number) =>
    s >= 1 ? `${s.toFixed(2)} s` : s >= 1e-3 ? `${(s * 1e3).toFixed(2)} ms` : `${(s * 1e6).toFixed(1)} us`,
  rate: (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : `${(n / 1e3).toFixed(1)} k/s`),
  mib: (m: number) => `${m.toFixed(0)} MiB`
};
