/**
 * The cleaning policy: which audit events become actions, and how. One plain, JSON-serialisable object so that
 * the command line, the report, model artifacts and the pages all show exactly what was applied. Two named presets:
 * `perfspec` (PerfSPEC's parse.py, the default) and `security` (keeps what an attack investigation needs).
 */

/** The named presets a policy starts from. */
export const PRESET_NAMES = ["perfspec", "security"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

/** Who an impersonated request is credited to. */
export type PolicyActor = "user" | "impersonatedUser";

export interface CleaningPolicy {
  /** The preset the other fields start from (they may be changed; see policyLabel). */
  preset: PresetName;
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
  /**
   * Resources whose events are kept even when their verb is in `dropVerbs` (sensitive reads): `"secrets"` (any
   * subresource) or `"pods/log"` (that subresource only).
   */
  keepReadsOf: string[];
  /** Name the subresource in the action: `create_pods/exec` rather than `create_pods`. */
  subresourceInAction: boolean;
  /** Response codes that append `:denied` to the action (`create_pods:denied`); [] leaves actions unmarked. */
  deniedCodes: number[];
  /** `"impersonatedUser"`: an impersonated request is the impersonated user's action, the impersonator kept apart. */
  actor: PolicyActor;
}

/** The policy of PerfSPEC's parse.py, plus de-duplication by auditID (which parse.py lacks; see docs/cleaning-policy.md). */
export const PERFSPEC_POLICY: Readonly<CleaningPolicy> = Object.freeze({
  preset: "perfspec",
  dropVerbs: ["get", "list", "watch"],
  keepVerbs: null,
  dropResources: ["events", "leases", "replicationcontrollers"],
  dedupeByAuditID: true,
  order: "file",
  keepReadsOf: [],
  subresourceInAction: false,
  deniedCodes: [],
  actor: "user"
} satisfies CleaningPolicy);

/**
 * For attack detection and investigation: subresources named (`create_pods/exec`), denied requests marked
 * (`list_secrets:denied`; 401 and 403 only, since a 404 delete or a 409 conflict is routine, not a refusal), the
 * impersonated user as the actor, and reads of credentials and of what exposes a node or a container kept.
 */
export const SECURITY_POLICY: Readonly<CleaningPolicy> = Object.freeze({
  ...PERFSPEC_POLICY,
  preset: "security",
  keepReadsOf: ["secrets", "configmaps", "serviceaccounts/token", "pods/log", "nodes/proxy"],
  subresourceInAction: true,
  deniedCodes: [401, 403],
  actor: "impersonatedUser"
} satisfies CleaningPolicy);

export const PRESETS: Readonly<Record<PresetName, Readonly<CleaningPolicy>>> = Object.freeze({
  perfspec: PERFSPEC_POLICY,
  security: SECURITY_POLICY
});

const FIELDS = Object.keys(PERFSPEC_POLICY) as (keyof CleaningPolicy)[];

/**
 * Merges overrides into a preset (`overrides.preset`, default perfspec) and validates the result (throws an Error
 * naming the bad field).
 * @example resolvePolicy({dropVerbs: ["watch"]}) // perfspec, but keeps get and list
 * @example resolvePolicy({preset: "security", deniedCodes: []}) // security without the :denied mark
 */
export function resolvePolicy(overrides: Partial<CleaningPolicy> = {}): CleaningPolicy {
  const known = new Set<string>(FIELDS);
  for (const key of Object.keys(overrides)) {
    if (!known.has(key)) throw new Error(`cleaning policy: unknown field "${key}" (known: ${FIELDS.join(", ")})`);
  }
  const preset = overrides.preset ?? "perfspec";
  if (!(PRESET_NAMES as readonly unknown[]).includes(preset))
    throw new Error(`cleaning policy: preset must be one of ${PRESET_NAMES.join(", ")}, not ${describe(preset)}`);
  const base = PRESETS[preset];
  const policy: CleaningPolicy = {
    ...base,
    dropVerbs: [...base.dropVerbs],
    keepVerbs: base.keepVerbs === null ? null : [...base.keepVerbs],
    dropResources: [...base.dropResources],
    keepReadsOf: [...base.keepReadsOf],
    deniedCodes: [...base.deniedCodes]
  };
  if (overrides.dropVerbs !== undefined) policy.dropVerbs = stringList(overrides.dropVerbs, "dropVerbs");
  if (overrides.keepVerbs !== undefined)
    policy.keepVerbs = overrides.keepVerbs === null ? null : stringList(overrides.keepVerbs, "keepVerbs");
  if (overrides.dropResources !== undefined)
    policy.dropResources = stringList(overrides.dropResources, "dropResources");
  if (overrides.keepReadsOf !== undefined) {
    policy.keepReadsOf = stringList(overrides.keepReadsOf, "keepReadsOf");
    const bad = policy.keepReadsOf.find((r) => !/^[^/\s]+(\/[^/\s]+)?$/.test(r));
    if (bad !== undefined)
      throw new Error(
        `cleaning policy: keepReadsOf entries are "resource" or "resource/subresource", not ${describe(bad)}`
      );
  }
  for (const field of ["dedupeByAuditID", "subresourceInAction"] as const) {
    const value = overrides[field];
    if (value === undefined) continue;
    if (typeof value !== "boolean")
      throw new Error(`cleaning policy: ${field} must be true or false, not ${describe(value)}`);
    policy[field] = value;
  }
  if (overrides.deniedCodes !== undefined) {
    const codes: unknown = overrides.deniedCodes;
    if (!Array.isArray(codes) || !codes.every((c) => Number.isInteger(c) && c >= 100 && c <= 599))
      throw new Error(
        `cleaning policy: deniedCodes must be a list of HTTP status codes (integers 100-599), e.g. [401, 403]`
      );
    policy.deniedCodes = [...(codes as number[])];
  }
  if (overrides.order !== undefined) {
    if (overrides.order !== "file" && overrides.order !== "requestReceived") {
      throw new Error(`cleaning policy: order must be "file" or "requestReceived", not ${describe(overrides.order)}`);
    }
    policy.order = overrides.order;
  }
  if (overrides.actor !== undefined) {
    if (overrides.actor !== "user" && overrides.actor !== "impersonatedUser")
      throw new Error(`cleaning policy: actor must be "user" or "impersonatedUser", not ${describe(overrides.actor)}`);
    policy.actor = overrides.actor;
  }
  policy.preset = preset;
  return policy;
}

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
    throw new Error(`cleaning policy: ${field} must be a list of strings`);
  }
  return value.map((v) => v.trim()).filter((v) => v !== "");
}

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value.slice(0, 60)) : String(JSON.stringify(value)).slice(0, 60);
}

/**
 * The fields in which two policies differ (a policy recorded before presets existed reads as perfspec).
 * @example policyDifferences(PERFSPEC_POLICY, SECURITY_POLICY) // ["preset", "keepReadsOf", "subresourceInAction", …]
 */
export function policyDifferences(
  a: Partial<CleaningPolicy> | null | undefined,
  b: Partial<CleaningPolicy> | null | undefined
): (keyof CleaningPolicy)[] {
  const x = resolvePolicy(a ?? {});
  const y = resolvePolicy(b ?? {});
  return FIELDS.filter((field) => JSON.stringify(x[field]) !== JSON.stringify(y[field]));
}

/**
 * A short name for a policy, as the pages and messages show it: the preset, and the fields changed from it.
 * @example policyLabel(resolvePolicy({preset: "security"})) // "security"
 * @example policyLabel(resolvePolicy({dropVerbs: ["watch"]})) // "perfspec, with dropVerbs changed"
 */
export function policyLabel(policy: Partial<CleaningPolicy> | null | undefined): string {
  const resolved = resolvePolicy(policy ?? {});
  const changed = policyDifferences(resolved, PRESETS[resolved.preset]);
  return changed.length === 0 ? resolved.preset : `${resolved.preset}, with ${changed.join(", ")} changed`;
}

/**
 * The action name: `verb_resource` (PerfSPEC's, with an empty resource for non-resource URLs, like parse.py), with
 * `/subresource` and `:denied` when the policy asks for them.
 * @example actionName("create", "pods", "exec", true) // "create_pods/exec:denied"
 */
export function actionName(
  verb: string,
  resource: string | null,
  subresource: string | null = null,
  denied = false
): string {
  const name = `${verb}_${resource ?? ""}`;
  return (subresource === null ? name : `${name}/${subresource}`) + (denied ? ":denied" : "");
}

/** A compiled policy: answers "why is this event dropped?" quickly. */
export interface PolicyFilter {
  /** Whether the subresource changes the action or the verdict (else callers may pass null and memoise less). */
  readonly usesSubresource: boolean;
  /** Whether a response code changes the action. */
  readonly marksDenied: boolean;
  /** The reason the event is dropped (e.g. "verb get"), or null when it is kept. */
  dropReason(verb: string, resource: string | null, subresource?: string | null): string | null;
  /** The action of a kept or dropped event. */
  action(verb: string, resource: string | null, subresource: string | null, denied: boolean): string;
  /** Whether a response code counts as denied. */
  denied(code: number | null): boolean;
}

/** Compiles a policy into set look-ups. */
export function policyFilter(policy: CleaningPolicy): PolicyFilter {
  const keepVerbs = policy.keepVerbs === null ? null : new Set(policy.keepVerbs);
  const dropVerbs = new Set(policy.dropVerbs);
  const dropResources = new Set(policy.dropResources);
  const keepReads = new Set(policy.keepReadsOf);
  const deniedCodes = new Set(policy.deniedCodes);
  const subresourceInAction = policy.subresourceInAction;
  return {
    usesSubresource: subresourceInAction || policy.keepReadsOf.some((r) => r.includes("/")),
    marksDenied: deniedCodes.size > 0,
    dropReason(verb, resource, subresource = null) {
      if (keepVerbs !== null && !keepVerbs.has(verb)) return `verb ${verb} (not in keepVerbs)`;
      if (dropVerbs.has(verb)) {
        const sensitive =
          resource !== null &&
          (keepReads.has(resource) || (subresource !== null && keepReads.has(`${resource}/${subresource}`)));
        if (!sensitive) return `verb ${verb}`;
      }
      if (resource !== null && dropResources.has(resource)) return `resource ${resource}`;
      return null;
    },
    action: (verb, resource, subresource, denied) =>
      actionName(verb, resource, subresourceInAction ? subresource : null, denied),
    denied: deniedCodes.size === 0 ? () => false : (code) => code !== null && deniedCodes.has(code)
  };
}
