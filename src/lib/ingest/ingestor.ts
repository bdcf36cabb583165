import {parse as browserCsvParse} from "csv-parse/browser/esm/sync";
import type {Table} from "apache-arrow";
import {actionLineToRecord} from "./actionList.js";
import {AuditIdIndex} from "./auditIdIndex.js";
import {auditEventToRow, emptyRow, readAuditEvent} from "./auditEvent.js";
import {actionName, resolvePolicy, policyFilter, type CleaningPolicy, type PolicyFilter} from "./cleaningPolicy.js";
import {Int32List} from "./columnBuilders.js";
import {requireFormat, type InputFormat} from "./detectFormat.js";
import {ActionColumns, EventColumns} from "./eventColumns.js";
import {tableToActions} from "./arrowTables.js";
import {logstashRecordToRow} from "./logstashCsv.js";
import {checkRepetition, type RepetitionOptions} from "./repetition.js";
import type {ActionRecord, AuditEventRow, PrepareReport, Problem} from "./types.js";

/** A CSV parser with csv-parse's sync signature; Node passes the faster `csv-parse/sync`. */
export type CsvParse = (input: string, options: {relax_column_count: boolean; record_delimiter: string}) => unknown[];

export interface IngestorOptions {
  /** Overrides of the PerfSPEC cleaning policy. */
  policy?: Partial<CleaningPolicy>;
  /** Defaults to csv-parse's self-contained browser build. */
  csvParse?: CsvParse;
  /** How many problems the report keeps (the `rejected` count stays exact). Default 1000. */
  maxProblems?: number;
  repetition?: RepetitionOptions;
}

/** What the host found out about a raw line before decoding it (Node's readLines sets these). */
export interface LineFlags {
  /** The bytes were not valid UTF-8. */
  invalidUtf8?: boolean;
  /** The line was longer than the host's limit and was not kept; its length in bytes. */
  tooLongBytes?: number;
}

export interface IngestResult {
  /** The events table (built while reading; see docs/data-formats.md). */
  eventsTable: Table;
  /** The actions table: the cleaned sequence, with time, user and namespace. */
  actionsTable: Table;
  report: PrepareReport;
  /** The action sequence as records (made from actionsTable on first use). */
  readonly actions: ActionRecord[];
  /** The events as row objects (made from the columns on first use: for tests and small inputs). */
  readonly events: AuditEventRow[];
}

/** What the policy does with one (verb, resource) pair. */
interface PairDecision {
  /** Index of `verb_resource` in the action dictionary. */
  action: number;
  /** Why the policy drops it, or null when kept. */
  reason: string | null;
  /** Events dropped with this decision (summed into report.dropped at the end). */
  dropped: number;
}

interface FileState {
  format: InputFormat;
  lines: number;
  accepted: number;
  rejected: number;
  /** CSV: complete records waiting to be parsed in one batch. */
  csvBatch: {line: number; text: string}[];
  /** CSV: a record whose quoted field continues on the next line. */
  csvOpen: {line: number; text: string; parts: number} | null;
  /** EventList: the document's lines (parsed as a whole at the end). */
  documentLines: string[];
  documentStart: number;
}

const CSV_BATCH = 1000;
const CSV_MAX_CONTINUATION_LINES = 50;
const LOGSTASH_ROW_START = /^"\{(?:[^"]|"")*\}",/;
// Control characters other than tab, LF, CR and ESC: a sign of binary data.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BINARY = /[\x01-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f]/;

/**
 * Turns input lines into unique audit events, the cleaned action sequence and a report. Events go straight into
 * Arrow column builders (no object per event is kept), so memory is the size of the output tables. Feed it line by line
 * (from a Node stream or from pasted text), one file after another, then call finish().
 * @example
 * const ingestor = new Ingestor();
 * ingestor.beginFile("audit.log", "audit-jsonl");
 * lines.forEach((text, i) => ingestor.addLine("audit.log", i + 1, text));
 * ingestor.endFile("audit.log");
 * const {eventsTable, actionsTable, actions, report} = ingestor.finish();
 */
export class Ingestor {
  readonly policy: CleaningPolicy;
  private readonly filter: PolicyFilter;
  private readonly csvParse: CsvParse;
  private readonly maxProblems: number;
  private readonly repetitionOptions: RepetitionOptions;
  private readonly files = new Map<string, FileState>();
  private readonly inputs: PrepareReport["inputs"] = [];
  private readonly columns = new EventColumns();
  private readonly auditIds = new AuditIdIndex(this.columns.auditID);
  /** The action sequence: event rows (>= 0), or -(k + 1) for the k-th action read from an action list. */
  private readonly sequence = new Int32List();
  /** Action-list actions, as indexes into the action dictionary. */
  private readonly listActions = new Int32List();
  /** Policy decisions by verb index, then resource index + 1. */
  private readonly decisions: (PairDecision | undefined)[][] = [];
  /** The same decisions in the order they were first needed (report.dropped lists reasons in that order). */
  private readonly decisionOrder: PairDecision[] = [];
  /** Reused for every JSON event (no object per event). */
  private readonly scratch = emptyRow();
  private lastFile: string | null = null;
  private lastState: FileState | null = null;
  private readonly problems: Problem[] = [];
  private lines = 0;
  private accepted = 0;
  private rejected = 0;
  private duplicates = 0;

  constructor(options: IngestorOptions = {}) {
    this.policy = resolvePolicy(options.policy);
    this.filter = policyFilter(this.policy);
    this.csvParse = options.csvParse ?? (browserCsvParse as CsvParse);
    this.maxProblems = options.maxProblems ?? 1000;
    this.repetitionOptions = options.repetition ?? {};
  }

  /** Starts a file in a known format (see detectFormat / requireFormat). */
  beginFile(file: string, format: InputFormat): void {
    if (this.files.has(file)) throw new Error(`${file}: given twice`);
    this.files.set(file, {
      format,
      lines: 0,
      accepted: 0,
      rejected: 0,
      csvBatch: [],
      csvOpen: null,
      documentLines: [],
      documentStart: 0
    });
  }

  /** Adds one line (1-based number, without its line break; a BOM and a trailing CR are removed). */
  addLine(file: string, lineNumber: number, text: string, flags?: LineFlags): void {
    const state = file === this.lastFile ? (this.lastState as FileState) : this.state(file);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (flags?.tooLongBytes === undefined && isBlank(text)) return;
    state.lines++;
    this.lines++;
    if (state.format === "audit-eventlist") {
      if (state.documentLines.length === 0) state.documentStart = lineNumber;
      state.documentLines.push(text);
      return;
    }
    if (flags !== undefined) {
      const problem = flagProblem(flags);
      if (problem !== null) return this.reject(file, state, lineNumber, problem);
    }
    // JSON cannot hold raw NUL or control characters, so JSON lines are checked for them only when they fail to parse.
    if (state.format === "audit-jsonl") return this.addJsonLine(file, state, lineNumber, text);
    const problem = binaryProblem(text);
    if (problem !== null) return this.reject(file, state, lineNumber, problem);
    if (state.format === "logstash-csv") return this.addCsvLine(file, state, lineNumber, text);
    const record = actionLineToRecord(text);
    if (typeof record === "string") return this.reject(file, state, lineNumber, record);
    state.accepted++;
    this.accepted++;
    this.sequence.push(-(this.listActions.length + 1));
    this.listActions.push(this.columns.action.dictionary.add(record.action));
  }

  /** Finishes a file: parses what is still buffered (CSV batch, EventList document). */
  endFile(file: string): void {
    const state = this.state(file);
    if (state.format === "logstash-csv") this.flushCsv(file, state, true);
    if (state.format === "audit-eventlist") this.parseEventList(file, state);
    this.inputs.push({
      file,
      format: state.format,
      lines: state.lines,
      accepted: state.accepted,
      rejected: state.rejected
    });
  }

  /** Records a problem that is not about one parsed line (e.g. a decompression error after line n). */
  addProblem(file: string, line: number, reason: string): void {
    const state = this.files.get(file);
    if (state !== undefined) state.rejected++;
    this.rejected++;
    if (this.problems.length < this.maxProblems) this.problems.push({file, line, reason});
  }

  /** Applies the order option, checks the sequence for repetition and returns the tables and the report. */
  finish(): IngestResult {
    for (const [file] of this.files) {
      if (!this.inputs.some((input) => input.file === file)) this.endFile(file);
    }
    const columns = this.columns;
    let order = this.sequence.toArray();
    if (this.policy.order === "requestReceived") {
      const time = (entry: number) => (entry < 0 ? null : columns.time.get(entry)) ?? Infinity;
      order = Int32Array.from(Array.from(order).sort((a, b) => time(a) - time(b) || 0));
    }
    const actionColumns = new ActionColumns({
      action: columns.action.dictionary,
      user: columns.user.dictionary,
      namespace: columns.namespace.dictionary
    });
    for (const entry of order) {
      if (entry >= 0) actionColumns.appendEvent(columns, entry);
      else {
        actionColumns.action.appendIndex(this.listActions.get(-entry - 1));
        actionColumns.time.append(null);
        actionColumns.user.appendNull();
        actionColumns.namespace.appendNull();
      }
    }
    const dropped: Record<string, number> = {};
    for (const decision of this.decisionOrder) {
      if (decision.reason !== null && decision.dropped > 0)
        dropped[decision.reason] = (dropped[decision.reason] ?? 0) + decision.dropped;
    }
    const report: PrepareReport = {
      inputs: this.inputs,
      lines: this.lines,
      accepted: this.accepted,
      rejected: this.rejected,
      duplicates: this.duplicates,
      actions: actionColumns.length,
      dropped,
      policy: this.policy,
      problems: this.problems,
      repetition: checkRepetition(actionColumns.actionNames(), this.repetitionOptions)
    };
    const eventsTable = columns.toTable();
    const actionsTable = actionColumns.toTable();
    let actions: ActionRecord[] | undefined;
    let events: AuditEventRow[] | undefined;
    return {
      eventsTable,
      actionsTable,
      report,
      get actions() {
        return (actions ??= tableToActions(actionsTable));
      },
      get events() {
        return (events ??= Array.from({length: columns.length}, (_, i) => columns.row(i)));
      }
    };
  }

  private state(file: string): FileState {
    const state = this.files.get(file);
    if (state === undefined) throw new Error(`${file}: addLine before beginFile`);
    this.lastFile = file;
    this.lastState = state;
    return state;
  }

  private reject(file: string, state: FileState, line: number, reason: string): void {
    state.rejected++;
    this.rejected++;
    if (this.problems.length < this.maxProblems) this.problems.push({file, line, reason});
  }

  private addRow(file: string, state: FileState, line: number, row: AuditEventRow | string): void {
    if (typeof row === "string") this.reject(file, state, line, row);
    else this.addEvent(state, row);
  }

  /** One accepted event: de-duplicated by auditID, then appended to the columns and, when kept, to the sequence. */
  private addEvent(state: FileState, row: AuditEventRow): void {
    state.accepted++;
    this.accepted++;
    const columns = this.columns;
    const auditID = columns.auditID;
    const hash = auditID.stage(row.auditID);
    let first = -1;
    if (row.auditID !== "") {
      first = this.auditIds.find(hash);
      if (first !== -1) {
        this.duplicates++;
        if (this.policy.dedupeByAuditID) return columns.fill(first, row);
      }
    }
    const index = columns.length;
    auditID.commit();
    if (row.auditID !== "" && first === -1) this.auditIds.insert(hash, index);
    const verb = columns.verb.dictionary.add(row.verb);
    const resource = row.resource === null ? -1 : columns.resource.dictionary.add(row.resource);
    const decision = this.decide(verb, resource, row);
    columns.appendIndexed(row, verb, resource, decision.action, decision.reason === null);
    if (decision.reason === null) this.sequence.push(index);
    else decision.dropped++;
  }

  private decide(verb: number, resource: number, row: AuditEventRow): PairDecision {
    const byResource = (this.decisions[verb] ??= []);
    let decision = byResource[resource + 1];
    if (decision === undefined) {
      decision = {
        action: this.columns.action.dictionary.add(actionName(row.verb, row.resource)),
        reason: this.filter.dropReason(row.verb, row.resource),
        dropped: 0
      };
      byResource[resource + 1] = decision;
      this.decisionOrder.push(decision);
    }
    return decision;
  }

  private addJsonLine(file: string, state: FileState, line: number, text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return this.reject(
        file,
        state,
        line,
        binaryProblem(text) ?? `broken JSON${truncatedHint(error)}: ${message(error)}`
      );
    }
    if (isEventList(value)) {
      const items = (value as {items: unknown}).items;
      if (!Array.isArray(items)) return this.reject(file, state, line, "EventList without an items array");
      items.forEach((item, i) => this.addRow(file, state, line, labelled(auditEventToRow(item), i)));
      return;
    }
    const reason = readAuditEvent(value, this.scratch);
    if (reason !== null) this.reject(file, state, line, reason);
    else this.addEvent(state, this.scratch);
  }

  private parseEventList(file: string, state: FileState): void {
    if (state.documentLines.length === 0) return;
    const text = state.documentLines.join("\n");
    state.documentLines = [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const position = /position (\d+)/.exec(message(error));
      const line =
        position === null ? state.documentStart : state.documentStart + countNewlines(text, Number(position[1]));
      return this.reject(file, state, line, `broken EventList JSON${truncatedHint(error)}: ${message(error)}`);
    }
    const items = isEventList(value) ? (value as {items: unknown}).items : undefined;
    if (!Array.isArray(items))
      return this.reject(file, state, state.documentStart, "not an EventList with an items array");
    items.forEach((item, i) => this.addRow(file, state, state.documentStart, labelled(auditEventToRow(item), i)));
  }

  private addCsvLine(file: string, state: FileState, line: number, text: string): void {
    const open = state.csvOpen;
    if (open !== null) {
      if (LOGSTASH_ROW_START.test(text) || open.parts >= CSV_MAX_CONTINUATION_LINES) {
        // A new row starts: the open one was cut off, not continued.
        state.csvOpen = null;
        this.reject(file, state, open.line, "unterminated quoted CSV field (truncated line?)");
      } else {
        open.text += "\n" + text;
        open.parts++;
        if (quoteCount(text) % 2 === 1) {
          state.csvOpen = null;
          this.queueCsv(file, state, open.line, open.text);
        }
        return;
      }
    }
    if (quoteCount(text) % 2 === 1) state.csvOpen = {line, text, parts: 1};
    else this.queueCsv(file, state, line, text);
  }

  private queueCsv(file: string, state: FileState, line: number, text: string): void {
    state.csvBatch.push({line, text});
    if (state.csvBatch.length >= CSV_BATCH) this.flushCsv(file, state, false);
  }

  private flushCsv(file: string, state: FileState, closeOpen: boolean): void {
    if (closeOpen && state.csvOpen !== null) {
      const open = state.csvOpen;
      state.csvOpen = null;
      this.flushCsv(file, state, false);
      this.reject(file, state, open.line, "unterminated quoted CSV field (truncated line?)");
      return;
    }
    const batch = state.csvBatch;
    if (batch.length === 0) return;
    state.csvBatch = [];
    const options = {relax_column_count: true, record_delimiter: "\n"};
    let records: unknown[] | null = null;
    try {
      records = this.csvParse(batch.map((b) => b.text).join("\n"), options);
    } catch {
      records = null; // some record is malformed: parse them one by one below to find it
    }
    if (records !== null && records.length === batch.length) {
      batch.forEach((b, i) => this.addRow(file, state, b.line, logstashRecordToRow(records[i] as string[])));
      return;
    }
    for (const b of batch) {
      try {
        const one = this.csvParse(b.text, options);
        if (one.length !== 1) this.reject(file, state, b.line, `expected one CSV record, found ${one.length}`);
        else this.addRow(file, state, b.line, logstashRecordToRow(one[0] as string[]));
      } catch (error) {
        this.reject(file, state, b.line, `broken CSV: ${message(error)}`);
      }
    }
  }
}

/** Ingests text already in memory (e.g. pasted into a page): detects the format, then feeds every line. */
export function ingestText(text: string, file = "pasted text", options: IngestorOptions = {}): IngestResult {
  const ingestor = new Ingestor(options);
  ingestor.beginFile(file, requireFormat(file, text.slice(0, 65536)));
  let lineNumber = 0;
  for (const line of text.split("\n")) ingestor.addLine(file, ++lineNumber, line);
  ingestor.endFile(file);
  return ingestor.finish();
}

function flagProblem(flags: LineFlags): string | null {
  if (flags.tooLongBytes !== undefined) return `line too long (${flags.tooLongBytes} bytes); skipped`;
  if (flags.invalidUtf8) return "invalid UTF-8";
  return null;
}

function binaryProblem(text: string): string | null {
  if (text.includes("\u0000")) return "NUL bytes (binary data?)";
  if (BINARY.test(text)) return "control characters (binary data?)";
  return null;
}

/** Whether the line is empty or only whitespace (without trimming a copy in the usual case). */
function isBlank(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c > 32 && c < 127) return false;
  return text.trim() === "";
}

function labelled(row: AuditEventRow | string, index: number): AuditEventRow | string {
  return typeof row === "string" ? `items[${index}]: ${row}` : row;
}

function isEventList(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as {kind?: unknown}).kind === "EventList";
}

function quoteCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) n++;
  return n;
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

function truncatedHint(error: unknown): string {
  return /end of (JSON )?input|Unterminated/i.test(message(error)) ? " (truncated line?)" : "";
}
