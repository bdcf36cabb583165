/**
 * Node edge of `--action-key template`: the request URI of every audit event (a second read of the inputs, as the
 * ingestor keeps no URI), learned into request-URI templates that replace `verb_resource` as the action.
 */
import type {DetectEvent} from "../lib/detect/detectEvent.js";
import type {CleaningPolicy} from "../lib/ingest/cleaningPolicy.js";
import type {ActionRecord, AuditEventRow} from "../lib/ingest/types.js";
import {RequestUriTemplates} from "../lib/templates/requestUriTemplates.js";
import {prepareInputs} from "./prepare.js";
import {readLines} from "./readLines.js";

export const ACTION_KEYS = ["verb_resource", "template"] as const;
export type ActionKey = (typeof ACTION_KEYS)[number];

/**
 * auditID → verb and request URI, from audit JSON lines (the first stage seen of each request). Lines that are not
 * JSON objects with these fields are skipped: the ingestor has already reported them.
 * @example await readRequestUris(["audit.log"]) // Map {"a1b8…" => {verb: "watch", requestUri: "/api/v1/…"}}
 */
export async function readRequestUris(paths: readonly string[]): Promise<Map<string, {verb: string; uri: string}>> {
  const uris = new Map<string, {verb: string; uri: string}>();
  for (const file of paths)
    for await (const {text} of readLines(file)) {
      if (!text.includes("requestURI")) continue;
      let event: {auditID?: unknown; verb?: unknown; requestURI?: unknown};
      try {
        event = JSON.parse(text);
      } catch {
        continue;
      }
      const {auditID, verb, requestURI} = event ?? {};
      if (typeof auditID === "string" && typeof verb === "string" && typeof requestURI === "string")
        if (!uris.has(auditID)) uris.set(auditID, {verb, uri: requestURI});
    }
  return uris;
}

/**
 * Relabels events with their request-URI template; events without a URI (a Logstash CSV, an action list) keep
 * `verb_resource`. With `learn`, the templates are first learned from all these events (two passes, so every
 * event gets the final template); without it, events are only matched against what was learned before.
 * @returns how many events had no URI.
 */
export async function relabelByTemplate<E extends Pick<DetectEvent, "auditID" | "action">>(
  events: E[],
  paths: readonly string[],
  templates: RequestUriTemplates,
  learn: boolean
): Promise<number> {
  const uris = await readRequestUris(paths);
  if (learn)
    for (const e of events) {
      const request = uris.get(e.auditID);
      if (request) templates.learn(request.verb, request.uri);
    }
  let missing = 0;
  for (const e of events) {
    const request = uris.get(e.auditID);
    if (request) e.action = templates.key(request.verb, request.uri);
    else missing++;
  }
  return missing;
}

/**
 * The action sequence of audit inputs keyed by request-URI template: the kept events, in the cleaning policy's
 * order, as `loadPolicedActions` gives them keyed by `verb_resource`.
 * @example const {actions} = await loadTemplateActionRecords(["audit.log"]) // [{action: "get /api/v1/namespaces/<*>/pods/<*>", …}]
 */
export async function loadTemplateActionRecords(
  paths: string[],
  policy?: Partial<CleaningPolicy> | null
): Promise<{actions: ActionRecord[]; policy: CleaningPolicy; templates: RequestUriTemplates}> {
  const {events, report} = await prepareInputs(paths, {policy: policy ?? undefined});
  const kept: AuditEventRow[] = events.filter((e) => e.kept);
  const templates = new RequestUriTemplates();
  const missing = await relabelByTemplate(kept, paths, templates, true);
  if (missing === kept.length)
    throw new Error(`${paths.join(", ")}: no audit events with a requestURI (--action-key template needs audit JSON)`);
  if (report.policy.order === "requestReceived") kept.sort((a, b) => (a.time ?? Infinity) - (b.time ?? Infinity) || 0);
  const actions = kept.map(({action, time, user, namespace}) => ({action, time, user, namespace}));
  return {actions, policy: report.policy, templates};
}
