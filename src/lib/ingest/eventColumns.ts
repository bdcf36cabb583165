/**
 * The events and actions tables as they are built: one Arrow column builder per column, appended to event by event
 * (see columnBuilders.ts). Low-cardinality strings are dictionary-encoded; `action`, `user` and `namespace` share
 * their dictionaries between the two tables.
 */
import {Field, RecordBatch, Schema, Struct, Table, makeBuilder, makeData} from "apache-arrow";
import {
  BoolColumn,
  CHUNK_ROWS,
  DictionaryColumn,
  Int32Column,
  TimestampColumn,
  Utf8Column,
  type ColumnData,
  type StringDictionary
} from "./columnBuilders.js";
import type {ActionRecord, AuditEventRow} from "./types.js";

type StringKey =
  "stage" | "subresource" | "namespace" | "name" | "apiGroup" | "user" | "impersonator" | "userAgent" | "sourceIP";
/** Columns a later stage of the same request may fill when the first stage left them null. */
const FILLABLE_STRINGS: readonly StringKey[] = [
  "stage",
  "subresource",
  "namespace",
  "name",
  "apiGroup",
  "user",
  "impersonator",
  "userAgent",
  "sourceIP"
];

/** Builds the events table (see docs/data-formats.md) one event at a time. */
export class EventColumns {
  readonly auditID = new Utf8Column();
  readonly stage = new DictionaryColumn();
  readonly time = new TimestampColumn();
  readonly verb = new DictionaryColumn();
  readonly resource = new DictionaryColumn();
  readonly subresource = new DictionaryColumn();
  readonly namespace = new DictionaryColumn();
  readonly name = new DictionaryColumn();
  readonly apiGroup = new DictionaryColumn();
  readonly user = new DictionaryColumn();
  /** Shares the user dictionary: an impersonator is a user too. */
  readonly impersonator = new DictionaryColumn(this.user.dictionary);
  readonly userAgent = new DictionaryColumn();
  readonly sourceIP = new DictionaryColumn();
  readonly code = new Int32Column();
  readonly action = new DictionaryColumn();
  readonly kept = new BoolColumn();

  get length(): number {
    return this.kept.length;
  }

  /**
   * Appends an event whose auditID is already in `auditID` (staged and committed by the caller), with the verb,
   * resource and action given as dictionary indices (resource -1 for null).
   */
  appendIndexed(row: AuditEventRow, verb: number, resource: number, action: number, kept: boolean): void {
    this.stage.append(row.stage);
    this.time.append(row.time);
    this.verb.appendIndex(verb);
    this.resource.appendIndex(resource);
    this.subresource.append(row.subresource);
    this.namespace.append(row.namespace);
    this.name.append(row.name);
    this.apiGroup.append(row.apiGroup);
    this.user.append(row.user);
    this.impersonator.append(row.impersonator ?? null);
    this.userAgent.append(row.userAgent);
    this.sourceIP.append(row.sourceIP);
    this.code.append(row.code);
    this.action.appendIndex(action);
    this.kept.append(kept);
  }

  /** Appends a whole row as it is (action and kept included). */
  append(row: AuditEventRow): void {
    this.auditID.append(row.auditID);
    const resource = row.resource === null ? -1 : this.resource.dictionary.add(row.resource);
    this.appendIndexed(
      row,
      this.verb.dictionary.add(row.verb),
      resource,
      this.action.dictionary.add(row.action),
      row.kept
    );
  }

  /** Fills the fields of row `index` that are null with those of `later` (another stage of the same request). */
  fill(index: number, later: AuditEventRow): void {
    for (const key of FILLABLE_STRINGS) {
      const value = later[key] ?? null;
      if (value !== null && this[key].isNull(index)) this[key].set(index, value);
    }
    if (later.resource !== null && this.resource.isNull(index)) this.resource.set(index, later.resource);
    if (later.time !== null && this.time.isNull(index)) this.time.set(index, later.time);
    if (later.code !== null && this.code.isNull(index)) this.code.set(index, later.code);
  }

  /** Row `index` as a plain object (for tests and small inputs; the table is the output). */
  row(index: number): AuditEventRow {
    return {
      auditID: this.auditID.get(index),
      stage: this.stage.get(index),
      time: this.time.get(index),
      verb: this.verb.get(index) as string,
      resource: this.resource.get(index),
      subresource: this.subresource.get(index),
      namespace: this.namespace.get(index),
      name: this.name.get(index),
      apiGroup: this.apiGroup.get(index),
      user: this.user.get(index),
      impersonator: this.impersonator.get(index),
      userAgent: this.userAgent.get(index),
      sourceIP: this.sourceIP.get(index),
      code: this.code.get(index),
      action: this.action.get(index) as string,
      kept: this.kept.get(index)
    };
  }

  toTable(): Table {
    return columnsToTable(this.length, [
      ["auditID", this.auditID],
      ["stage", this.stage],
      ["time", this.time],
      ["verb", this.verb],
      ["resource", this.resource],
      ["subresource", this.subresource],
      ["namespace", this.namespace],
      ["name", this.name],
      ["apiGroup", this.apiGroup],
      ["user", this.user],
      ["impersonator", this.impersonator],
      ["userAgent", this.userAgent],
      ["sourceIP", this.sourceIP],
      ["code", this.code],
      ["action", this.action],
      ["kept", this.kept]
    ]);
  }
}

/** Builds the actions table (action, time, user, namespace) one action at a time. */
export class ActionColumns {
  readonly action: DictionaryColumn;
  readonly time = new TimestampColumn();
  readonly user: DictionaryColumn;
  readonly namespace: DictionaryColumn;

  constructor(dictionaries: {action?: StringDictionary; user?: StringDictionary; namespace?: StringDictionary} = {}) {
    this.action = new DictionaryColumn(dictionaries.action);
    this.user = new DictionaryColumn(dictionaries.user);
    this.namespace = new DictionaryColumn(dictionaries.namespace);
  }

  get length(): number {
    return this.time.length;
  }

  append(record: ActionRecord): void {
    this.action.append(record.action);
    this.time.append(record.time);
    this.user.append(record.user);
    this.namespace.append(record.namespace);
  }

  /** Appends event `row` of `events` (whose dictionaries this table shares). */
  appendEvent(events: EventColumns, row: number): void {
    this.action.appendIndex(events.action.indexOf(row));
    this.time.append(events.time.get(row));
    this.user.appendIndex(events.user.indexOf(row));
    this.namespace.appendIndex(events.namespace.indexOf(row));
  }

  /** The action names in order. */
  actionNames(): string[] {
    const names: string[] = new Array(this.length);
    for (let i = 0; i < this.length; i++) names[i] = this.action.get(i) as string;
    return names;
  }

  toTable(): Table {
    return columnsToTable(this.length, [
      ["action", this.action],
      ["time", this.time],
      ["user", this.user],
      ["namespace", this.namespace]
    ]);
  }
}

/** One record batch per chunk; a dictionary's id is its column's position. */
function columnsToTable(rows: number, columns: [string, {toData(id: number): ColumnData}][]): Table {
  const data = columns.map(([, column], id) => column.toData(id));
  const schema = new Schema(columns.map(([name], i) => new Field(name, data[i].type, true)));
  const batches: RecordBatch[] = [];
  for (let k = 0; k * CHUNK_ROWS < rows; k++) {
    const children = data.map((d) => d.chunks[k]);
    batches.push(
      new RecordBatch(
        schema,
        makeData({type: new Struct(schema.fields), length: children[0].length, nullCount: 0, children})
      )
    );
  }
  if (rows === 0) {
    const children = data.map((d) =>
      makeBuilder({type: d.type, nullValues: [null]})
        .finish()
        .flush()
    );
    batches.push(
      new RecordBatch(schema, makeData({type: new Struct(schema.fields), length: 0, nullCount: 0, children}))
    );
  }
  return new Table(schema, batches);
}
