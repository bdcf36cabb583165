import type {Table} from "apache-arrow";
import {ActionColumns, EventColumns} from "./eventColumns.js";
import type {ActionRecord, AuditEventRow} from "./types.js";

export {utf8Vector} from "./utf8Vector.js";

/**
 * The events table (one row per unique audit event, file order): auditID (Utf8), stage, time (Timestamp ms, UTC),
 * verb, resource, subresource, namespace, name, apiGroup, user, userAgent, sourceIP (dictionary-encoded Utf8),
 * code (Int32), action (dictionary-encoded Utf8), kept (Bool). The ingestor builds the same table while reading.
 * @example tableToIPC(eventsToTable(rows), "stream")
 */
export function eventsToTable(rows: readonly AuditEventRow[]): Table {
  const columns = new EventColumns();
  for (const row of rows) columns.append(row);
  return columns.toTable();
}

/** The actions table (the sequence the models learn from): action, time (ms, UTC, nullable), user, namespace. */
export function actionsToTable(actions: readonly ActionRecord[]): Table {
  const columns = new ActionColumns();
  for (const action of actions) columns.append(action);
  return columns.toTable();
}

/**
 * Reads an actions table (e.g. `tableFromIPC` of actions.arrow) back into records; throws when `action` is missing.
 * @example tableToActions(tableFromIPC(bytes)).map((a) => a.action)
 */
export function tableToActions(table: Table): ActionRecord[] {
  const action = table.getChild("action");
  if (action === null) throw new Error("actions table has no 'action' column");
  const time = table.getChild("time");
  const user = table.getChild("user");
  const namespace = table.getChild("namespace");
  const out: ActionRecord[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const t = time?.get(i);
    out[i] = {
      action: String(action.get(i)),
      time: t === null || t === undefined ? null : Number(t),
      user: user?.get(i) ?? null,
      namespace: namespace?.get(i) ?? null
    };
  }
  return out;
}
