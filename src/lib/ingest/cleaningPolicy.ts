/**
 * The cleaning policy: which audit events become actions, and how. One plain, JSON-serialisable object so that
 * the command line, the report and the pages all show exactly what was applied.
 */

export interface CleaningPolicy {
  /** Verbs whose events are dropped (PerfSPEC: read-only verbs, which say nothing about changes). */
  dropVerbs: string[];
  /** When not null, only these verbs are kept (an allow list applied before `dropVerbs`). */
  keepVerbs: string[] | null;
  /** Resources whose events are dropped (PerfSPEC: events, leases and replicationcontrollers are noise). */
  dropResources: string[];
  /** Count several stages of one request (same auditID) once, at the position of the first stage. */
  dedupeByAuditID: boolean;
  /** "file": the order the log records them (the API server's order); "requestReceived": stable sort by request time. */
  order: "file" | "requestReceived";
}

/** The policy of PerfSPEC's parse.py, plus de-duplication by auditID (which parse.py lacks; see docs/cleaning-policy.md). */
export const PERFSPEC_POLICY: Readonly<CleaningPolicy> = Object.freeze({
  dropVerbs: ["get", "list", "watch"],
  keepVerbs: null,
  dropResources: ["events", "leases", "replicationcontrollers"],
  dedupeByAuditID: true,
  order: "file"
});

/**
 * Merges overrides into the PerfSPEC default and validates the result (throws an Error naming the bad field).
 * @example resolvePolicy({dropVerbs: ["watch"]}) // keeps get and list
 */
export function resolvePolicy(overrides: Partial<CleaningPolicy> = {}): CleaningPolicy {
  const policy: CleaningPolicy = {
    dropVerbs: [...PERFSPEC_POLICY.dropVerbs],
    keepVerbs: null,
    dropResources: [...PERFSPEC_POLICY.dropResources],
    dedupeByAuditID: PERFSPEC_POLICY.dedupeByAuditID,
    order: PERFSPEC_POLICY.order
  };
  const known = new Set(Object.keys(policy));
  for (const key of Object.keys(overrides)) {
    if (!known.has(key)) throw new Error(`cleaning policy: unknown field "${key}" (known: ${[...known].join(", ")})`);
  }
  if (overrides.dropVerbs !== undefined) policy.dropVerbs = stringList(overrides.dropVerbs, "dropVerbs");
  if (overrides.keepVerbs !== undefined)
    policy.keepVerbs = overrides.keepVerbs === null ? null : stringList(overrides.keepVerbs, "keepVerbs");
  if (overrides.dropResources !== undefined)
    policy.dropResources = stringList(overrides.dropResources, "dropResources");
  if (overrides.dedupeByAuditID !== undefined) {
    if (typeof overrides.dedupeByAuditID !== "boolean")
      throw new Error("cleaning policy: dedupeByAuditID must be true or false");
    policy.dedupeByAuditID = overrides.dedupeByAuditID;
  }
  if (overrides.order !== undefined) {
    if (overrides.order !== "file" && overrides.order !== "requestReceived") {
      throw new Error(
        `cleaning policy: order must be "file" or "requestReceived", not ${JSON.stringify(overrides.order)}`
      );
    }
    policy.order = overrides.order;
  }
  return policy;
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new Error(`cleaning policy: ${field} must be a list of strings`);
  }
  return value.map((v) => v.trim()).filter((v) => v !== "");
}

/** PerfSPEC's action name: `verb_resource`, with an empty resource for non-resource URLs (like parse.py). */
export function actionName(verb: string, resource: string | null): string {
  return `${verb}_${resource ?? ""}`;
}

/** A compiled policy: answers "why is this event dropped?" quickly. */
export interface PolicyFilter {
  /** The reason the event is dropped (e.g. "verb get"), or null when it is kept. */
  dropReason(verb: string, resource: string | null): string | null;
}

/** Compiles a policy into set look-ups. */
export function policyFilter(policy: CleaningPolicy): PolicyFilter {
  const keepVerbs = policy.keepVerbs === null ? null : new Set(policy.keepVerbs);
  const dropVerbs = new Set(policy.dropVerbs);
  const dropResources = new Set(policy.dropResources);
  return {
    dropReason(verb, resource) {
      if (keepVerbs !== null && !keepVerbs.has(verb)) return `verb ${verb} (not in keepVerbs)`;
      if (dropVerbs.has(verb)) return `verb ${verb}`;
      if (resource !== null && dropResources.has(resource)) return `resource ${resource}`;
      return null;
    }
  };
}
