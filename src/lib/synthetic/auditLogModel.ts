/**
 * A statistical model of a Kubernetes audit log, fitted from real audit events, from which synthetic logs of any
 * size are drawn (see generateAuditLog.ts). What it keeps:
 *   - a first-order Markov chain over actions (`verb_resource`), so generated sequences have the real transitions;
 *   - for each action, the real events of that action as templates (their joint user/namespace/name/requestURI/
 *     code distribution, conditioned on the action);
 *   - the share of watch requests logged as a ResponseStarted + ResponseComplete pair, and the request gaps.
 * Host-neutral: it takes parsed events, not files.
 * @example const model = fitAuditLogModel(lines.map((l) => JSON.parse(l)));
 */

/** The fields of a real audit event that a synthetic one copies (everything else is synthesised). */
export interface AuditTemplate {
  verb: string;
  requestURI: string;
  user: string;
  objectRef: Record<string, string> | null;
  code: number;
  level: string;
}

export interface AuditLogModel {
  /** Action names; the chain and the templates index into this list. */
  actions: string[];
  /** Probability of each action starting the log. */
  start: number[];
  /** transitions[a] = [next action ids, cumulative probabilities] (rows without successors restart from `start`). */
  transitions: [number[], number[]][];
  /** templates[a] = the real events of action a. */
  templates: AuditTemplate[][];
  /** Share of watch requests whose request is logged twice (ResponseStarted, later ResponseComplete). */
  watchPairShare: number;
  /** Median gap between consecutive requests, in microseconds. */
  medianGapMicros: number;
}

/** Fits the model from parsed audit events in log order (repeated auditIDs count once, at their first stage). */
export function fitAuditLogModel(events: readonly unknown[]): AuditLogModel {
  const index = new Map<string, number>();
  const actions: string[] = [];
  const templates: AuditTemplate[][] = [];
  const sequence: number[] = [];
  const times: number[] = [];
  const seen = new Set<string>();
  const stagesById = new Map<string, Set<string>>();
  const verbById = new Map<string, string>();
  for (const value of events) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed JSON event, checked field by field below
    const e = value as Record<string, any>;
    if (typeof e?.verb !== "string") continue;
    const id = typeof e.auditID === "string" ? e.auditID : "";
    if (id) {
      if (!stagesById.has(id)) stagesById.set(id, new Set());
      stagesById.get(id)!.add(String(e.stage));
      verbById.set(id, e.verb);
      if (seen.has(id)) continue;
      seen.add(id);
    }
    const objectRef = e.objectRef && typeof e.objectRef === "object" ? (e.objectRef as Record<string, string>) : null;
    const action = `${e.verb}_${objectRef?.resource ?? ""}`;
    let a = index.get(action);
    if (a === undefined) {
      index.set(action, (a = actions.length));
      actions.push(action);
      templates.push([]);
    }
    sequence.push(a);
    templates[a].push({
      verb: e.verb,
      requestURI: String(e.requestURI ?? "/"),
      user: String(e.user?.username ?? "system:anonymous"),
      objectRef,
      code: Number(e.responseStatus?.code ?? 200),
      level: String(e.level ?? "Metadata")
    });
    const t = Date.parse(e.requestReceivedTimestamp);
    if (Number.isFinite(t)) times.push(t * 1000 + Number(/\.\d{3}(\d{3})/.exec(e.requestReceivedTimestamp)?.[1] ?? 0));
  }
  if (sequence.length === 0) throw new Error("fitAuditLogModel: no audit events with a verb");

  const counts = actions.map(() => new Map<number, number>());
  for (let i = 1; i < sequence.length; i++) {
    const row = counts[sequence[i - 1]];
    row.set(sequence[i], (row.get(sequence[i]) ?? 0) + 1);
  }
  const firstCounts = new Array<number>(actions.length).fill(0);
  for (const a of sequence) firstCounts[a]++;
  const start = firstCounts.map((c) => c / sequence.length);
  const transitions = counts.map((row): [number[], number[]] => {
    const total = [...row.values()].reduce((s, c) => s + c, 0);
    const next: number[] = [];
    const cumulative: number[] = [];
    let sum = 0;
    for (const [b, c] of row) {
      sum += c / total;
      next.push(b);
      cumulative.push(sum);
    }
    return [next, cumulative];
  });

  let watches = 0;
  let pairs = 0;
  for (const [id, stages] of stagesById) {
    if (verbById.get(id) !== "watch") continue;
    watches++;
    if (stages.has("ResponseStarted") && stages.has("ResponseComplete")) pairs++;
  }
  const gaps = times
    .slice(1)
    .map((t, i) => Math.max(0, t - times[i]))
    .sort((x, y) => x - y);
  return {
    actions,
    start,
    transitions,
    templates,
    watchPairShare: watches ? pairs / watches : 0,
    medianGapMicros: gaps.length ? Math.max(1, gaps[gaps.length >> 1]) : 1000
  };
}
