import {Bool, Int32, Table, TimestampMillisecond, Utf8, makeData, makeVector, vectorFromArray, type Vector} from "apache-arrow";
import type {ActionRecord, AuditEventRow} from "./types.js";

/**
 * The events table (one row per unique audit event, file order): auditID, stage, time (ms, UTC), verb, resource,
 * subresource, namespace, name, apiGroup, user, userAgent, sourceIP, code (Int32), action, kept (Bool).
 * @example tableToIPC(eventsToTable(result.events), "stream")
 */
export function eventsToTable(rows: readonly AuditEventRow[]): Table {
  const strings = (key: keyof AuditEventRow) => utf8Vector(rows.map((r) => r[key] as string | null));
  return new Table({
    auditID: strings("auditID"),
    stage: strings("stage"),
    time: vectorFromArray(rows.map((r) => r.time), new TimestampMillisecond("UTC")),
    verb: strings("verb"),
    resource: strings("resource"),
    subresource: strings("subresource"),
    namespace: strings("namespace"),
    name: strings("name"),
    apiGroup: strings("apiGroup"),
    user: strings("user"),
    userAgent: strings("userAgent"),
    sourceIP: strings("sourceIP"),
    code: vectorFromArray(rows.map((r) => r.code), new Int32()),
    action: strings("action"),
    kept: vectorFromArray(rows.map((r) => r.kept), new Bool())
  });
}

/** The actions table (the sequence the models learn from): action, time (ms, UTC, nullable), user, namespace. */
export function actionsToTable(actions: readonly ActionRecord[]): Table {
  return new Table({
    action: utf8Vector(actions.map((a) => a.action)),
    time: vectorFromArray(actions.map((a) => a.time), new TimestampMillisecond("UTC")),
    user: utf8Vector(actions.map((a) => a.user)),
    namespace: utf8Vector(actions.map((a) => a.namespace))
  });
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

const encoder = new TextEncoder();

/** A nullable Utf8 vector built in one pass (apache-arrow's generic builder is several times slower). */
export function utf8Vector(values: readonly (string | null)[]): Vector<Utf8> {
  const length = values.length;
  const offsets = new Int32Array(length + 1);
  const nullBitmap = new Uint8Array(Math.ceil(length / 8));
  let bytes = new Uint8Array(Math.max(64, length * 16));
  let end = 0;
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      nullCount++;
    } else {
      nullBitmap[i >> 3] |= 1 << (i & 7);
      // UTF-8 needs at most 3 bytes per UTF-16 code unit.
      if (end + value.length * 3 > bytes.length) {
        const grown = new Uint8Array(Math.max(bytes.length * 2, end + value.length * 3));
        grown.set(bytes.subarray(0, end));
        bytes = grown;
      }
      end += encoder.encodeInto(value, bytes.subarray(end)).written;
    }
    offsets[i + 1] = end;
  }
  const data = makeData({type: new Utf8(), length, nullCount, valueOffsets: offsets, data: bytes.subarray(0, end), nullBitmap: nullCount > 0 ? nullBitmap : undefined});
  return makeVector(data);
}
