/**
 * One audit-webhook POST body -> the audit events it carries. The API server sends an `EventList`
 * (`--audit-webhook-config-file`); a single `Event`, a JSON array of events and JSON lines (one Event or EventList
 * per line, as `kubectl`/`curl` users paste logs) are accepted too.
 *
 * The rule (docs/serve.md): a body that is not JSON throughout is refused whole (400, nothing stored, nothing
 * scored), so a half-read batch is never half accepted; inside a body that is JSON, each item that is not a usable
 * audit Event is rejected on its own, named by its place, and the good items are accepted.
 */
import {auditEventToRow} from "../ingest/auditEvent.js";
import {policyFilter, resolvePolicy, type CleaningPolicy, type PolicyFilter} from "../ingest/cleaningPolicy.js";
import {isEventList} from "../ingest/eventList.js";
import type {AuditEventRow} from "../ingest/types.js";

/** A body refused whole: the reason, for the 400 response. */
export class BadBatchError extends Error {}

/** One JSON value of the body with where it was (`items[3]`, `line 2`, `line 2 items[0]`). */
export interface BatchItem {
  where: string;
  value: unknown;
}

/** An accepted item: its raw JSON (what the store keeps) and its row (what the detector reads). */
export interface AcceptedItem {
  where: string;
  raw: unknown;
  row: AuditEventRow;
}

export interface WebhookBatch {
  accepted: AcceptedItem[];
  rejected: {where: string; reason: string}[];
}

/**
 * The items of a body: an EventList's items, a JSON array's elements, one Event, or the values of JSON lines.
 * Throws BadBatchError when the body is empty or any part of it is not JSON.
 * @example batchItems('{"kind":"EventList","items":[{…}]}') // [{where: "items[0]", value: {…}}]
 */
export function batchItems(text: string): BatchItem[] {
  if (text.trim() === "") throw new BadBatchError("empty body");
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch (error) {
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    // One document that does not parse: its parser's message says where.
    if (lines.length < 2) throw new BadBatchError(`broken JSON: ${(error as Error).message}`);
    return jsonLines(text);
  }
  return valueItems(whole, "");
}

function jsonLines(text: string): BatchItem[] {
  const items: BatchItem[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new BadBatchError(`line ${i + 1}: broken JSON: ${(error as Error).message}`);
    }
    items.push(...valueItems(value, `line ${i + 1} `));
  });
  return items;
}

function valueItems(value: unknown, prefix: string): BatchItem[] {
  if (isEventList(value)) {
    if (!Array.isArray(value.items)) throw new BadBatchError(`${prefix}an EventList without an items array`);
    return value.items.map((item, i) => ({where: `${prefix}items[${i}]`, value: item}));
  }
  if (Array.isArray(value)) return value.map((item, i) => ({where: `${prefix}[${i}]`, value: item}));
  if (typeof value === "object" && value !== null) return [{where: prefix.trim() || "body", value}];
  throw new BadBatchError(
    `${prefix}not an audit Event or EventList (a JSON ${value === null ? "null" : typeof value})`
  );
}

/**
 * Reads a body into accepted and rejected items, each row with the cleaning policy's verdict (`kept`).
 * @example readWebhookBatch(body).rejected // [{where: "items[2]", reason: "missing verb"}]
 */
export function readWebhookBatch(text: string, policy: WebhookPolicy = DEFAULT_POLICY): WebhookBatch {
  const batch: WebhookBatch = {accepted: [], rejected: []};
  for (const {where, value} of batchItems(text)) {
    const row = auditEventToRow(value);
    if (typeof row === "string") batch.rejected.push({where, reason: row});
    else {
      applyPolicy(row, policy);
      batch.accepted.push({where, raw: value, row});
    }
  }
  return batch;
}

/** A cleaning policy and its compiled filter: what the detector's model was trained on (`perfspec prepare` applies the same). */
export interface WebhookPolicy {
  policy: CleaningPolicy;
  filter: PolicyFilter;
}

/** The PerfSPEC cleaning policy that `perfspec prepare` and `perfspec detect` apply by default. */
export const DEFAULT_POLICY: WebhookPolicy = webhookPolicy(resolvePolicy());

export function webhookPolicy(policy: CleaningPolicy): WebhookPolicy {
  return {policy, filter: policyFilter(policy)};
}

/** The row's actor, action and verdict under the policy, as the ingestor gives them to `perfspec detect`. */
function applyPolicy(row: AuditEventRow, {policy, filter}: WebhookPolicy): void {
  if (policy.actor === "impersonatedUser" && row.impersonatedUser) {
    row.impersonator = row.user;
    row.user = row.impersonatedUser;
  }
  const subresource = filter.usesSubresource ? row.subresource : null;
  row.kept = filter.dropReason(row.verb, row.resource, subresource) === null;
  row.action = filter.action(row.verb, row.resource, subresource, filter.denied(row.code));
}
