/**
 * The "Beside the paper" table of the metrics page: src/data/reproduce.json (written by `npm run reproduce`)
 * holds one row per model and protocol; the page shows one row per model, the paper's accuracy beside ours
 * under each protocol, and how many test windows each protocol leaked into training.
 */
import {formatInterval, formatPercent} from "../metrics/formatMetrics.js";

export interface ReproducedProtocol {
  id: string;
  title: string;
}

/** One model under one protocol, as reproduce.json stores it (the fields this table reads). */
export interface ReproducedRow {
  model: string;
  protocol: string;
  accuracy: number;
  ci: [number, number];
  paper: {accuracy: number};
  leakage: {windowFraction: number; period?: number; copies?: number};
}

export interface Reproduction {
  protocols: ReproducedProtocol[];
  rows: ReproducedRow[];
}

/** One table row: the model, the paper's accuracy, then per protocol id our accuracy and its leakage. */
export type ComparisonRow = {model: string; paper: number} & Record<string, string | number>;

/**
 * One row per model (in first-appearance order): `paper`, then for each protocol id `"<id>"` ("27.8% [26.4%,
 * 29.1%]") and `"<id>: test windows also in training"` ("96.2%"), "–" where the model was not run.
 * @example paperComparison({protocols: [{id: "a", title: "(a)"}], rows: [row]})[0] // {model: "BN", paper: 0.797, a: "27.8% [26.4%, 29.1%]", "a: test windows also in training": "96.2%"}
 */
export function paperComparison({protocols, rows}: Reproduction): ComparisonRow[] {
  const byModel = new Map<string, ReproducedRow[]>();
  for (const row of rows) byModel.set(row.model, [...(byModel.get(row.model) ?? []), row]);
  return [...byModel].map(([model, modelRows]) => {
    const under = (id: string) => modelRows.find((r) => r.protocol === id);
    const results = protocols.map(({id}) => {
      const r = under(id);
      return [id, r ? `${formatPercent(r.accuracy)} ${formatInterval(r.ci)}` : "–"];
    });
    const leaks = protocols.map(({id}) => {
      const r = under(id);
      return [`${id}: test windows also in training`, r ? formatPercent(r.leakage.windowFraction) : "–"];
    });
    return {model, paper: modelRows[0].paper.accuracy, ...Object.fromEntries([...results, ...leaks])};
  });
}

/** The row of `model` under protocol `id`, if it was run. */
export function reproducedRow({rows}: Reproduction, id: string, model: string): ReproducedRow | undefined {
  return rows.find((r) => r.protocol === id && r.model === model);
}
