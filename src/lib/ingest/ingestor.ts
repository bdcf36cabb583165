import {parse as browserCsvParse} from "csv-parse/browser/esm/sync";
import {actionLineToRecord} from "./actionList.js";
import {auditEventToRow} from "./auditEvent.js";
import {resolvePolicy, policyFilter, type CleaningPolicy, type PolicyFilter} from "./cleaningPolicy.js";
import {requireFormat, type InputFormat} from "./detectFormat.js";
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
  events: AuditEventRow[];
  actions: ActionRecord[];
  report: PrepareReport;
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
const BINARY = /[\x01-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f]/;

/**
 * Turns input lines into unique audit events, the cleaned action sequence and a report. Feed it line by line
 * (from a Node stream or from pasted text), one file after another, then call finish().
 * @example
 * const ingestor = new Ingestor();
 * ingestor.beginFile("audit.log", "audit-jsonl");
 * lines.forEach((text, i) => ingestor.addLine("audit.log", i + 1, text));
 * ingestor.endFile("audit.log");
 * const {events, actions, report} = ingestor.finish();
 */
export class Ingestor {
  readonly policy: CleaningPolicy;
  private readonly filter: PolicyFilter;
  private readonly csvParse: CsvParse;
  private readonly maxProblems: number;
  private readonly repetitionOptions: RepetitionOptions;
  private readonly files = new Map<string, FileState>();
  private readonly inputs: PrepareReport["inputs"] = [];
  private readonly events: AuditEventRow[] = [];
  /** The action sequence: indexes into `events`, or records read from action lists. */
  private readonly sequence: (number | ActionRecord)[] = [];
  private readonly byAuditID = new Map<string, number>();
  private readonly dropped: Record<string, number> = {};
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
    this.files.set(file, {format, lines: 0, accepted: 0, rejected: 0, csvBatch: [], csvOpen: null, documentLines: [], documentStart: 0});
  }

  /** Adds one line (1-based number, without its line break; a BOM and a trailing CR are removed). */
  addLine(file: string, lineNumber: number, text: string, flags: LineFlags = {}): void {
    const state = this.state(file);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.endsWith("\r")) text = text.slice(0, -1);
    if (flags.tooLongBytes === undefined && text.trim() === "") return;
    state.lines++;
    this.lines++;
    if (state.format === "audit-eventlist") {
      if (state.documentLines.length === 0) state.documentStart = lineNumber;
      state.documentLines.push(text);
      return;
    }
    const problem = lineProblem(text, flags);
    if (problem !== null) {
      this.reject(file, state, lineNumber, problem);
      return;
    }
    switch (state.format) {
      case "audit-jsonl":
        this.addJsonLine(file, state, lineNumber, text);
        break;
      case "logstash-csv":
        this.addCsvLine(file, state, lineNumber, text);
        break;
      case "action-list": {
        const record = actionLineToRecord(text);
        if (typeof record === "string") this.reject(file, state, lineNumber, record);
        else {
          state.accepted++;
          this.accepted++;
          this.sequence.push(record);
        }
        break;
      }
    }
  }

  /** Finishes a file: parses what is still buffered (CSV batch, EventList document). */
  endFile(file: string): void {
    const state = this.state(file);
    if (state.format === "logstash-csv") this.flushCsv(file, state, true);
    if (state.format === "audit-eventlist") this.parseEventList(file, state);
    this.inputs.push({file, format: state.format, lines: state.lines, accepted: state.accepted, rejected: state.rejected});
  }

  /** Records a problem that is not about one parsed line (e.g. a decompression error after line n). */
  addProblem(file: string, line: number, reason: string): void {
    const state = this.files.get(file);
    if (state !== undefined) state.rejected++;
    this.rejected++;
    if (this.problems.length < this.maxProblems) this.problems.push({file, line, reason});
  }

  /** Applies the order option, checks the sequence for repetition and returns rows, actions and the report. */
  finish(): IngestResult {
    for (const [file, state] of this.files) {
      if (!this.inputs.some((input) => input.file === file)) this.endFile(file);
    }
    const actions = this.sequence.map((item): ActionRecord => {
      if (typeof item !== "number") return item;
      const e = this.events[item];
      return {action: e.action, time: e.time, user: e.user, namespace: e.namespace};
    });
    if (this.policy.order === "requestReceived") {
      actions.sort((a, b) => (a.time ?? Infinity) - (b.time ?? Infinity) || 0);
    }
    const report: PrepareReport = {
      inputs: this.inputs,
      lines: this.lines,
      accepted: this.accepted,
      rejected: this.rejected,
      duplicates: this.duplicates,
      actions: actions.length,
      dropped: {...this.dropped},
      policy: this.policy,
      problems: this.problems,
      repetition: checkRepetition(actions.map((a) => a.action), this.repetitionOptions)
    };
    return {events: this.events, actions, report};
  }

  private state(file: string): FileState {
    const state = this.files.get(file);
    if (state === undefined) throw new Error(`${file}: addLine before beginFile`);
    return state;
  }

  private reject(file: string, state: FileState, line: number, reason: string): void {
    state.rejected++;
    this.rejected++;
    if (this.problems.length < this.maxProblems) this.problems.push({file, line, reason});
  }

  private addRow(file: string, state: FileState, line: number, row: AuditEventRow | string): void {
    if (typeof row === "string") return this.reject(file, state, line, row);
    state.accepted++;
    this.accepted++;
    if (row.auditID !== "") {
      const first = this.byAuditID.get(row.auditID);
      if (first !== undefined) {
        this.duplicates++;
        if (this.policy.dedupeByAuditID) return fillMissing(this.events[first], row);
      } else {
        this.byAuditID.set(row.auditID, this.events.length);
      }
    }
    const reason = this.filter.dropReason(row.verb, row.resource);
    row.kept = reason === null;
    if (reason !== null) this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
    else this.sequence.push(this.events.length);
    this.events.push(row);
  }

  private addJsonLine(file: string, state: FileState, line: number, text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return this.reject(file, state, line, `broken JSON${truncatedHint(error)}: ${message(error)}`);
    }
    if (isEventList(value)) {
      const items = (value as {items: unknown}).items;
      if (!Array.isArray(items)) return this.reject(file, state, line, "EventList without an items array");
      items.forEach((item, i) => this.addRow(file, state, line, labelled(auditEventToRow(item), i)));
    } else {
      this.addRow(file, state, line, auditEventToRow(value));
    }
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
      const line = position === null ? state.documentStart : state.documentStart + countNewlines(text, Number(position[1]));
      return this.reject(file, state, line, `broken EventList JSON${truncatedHint(error)}: ${message(error)}`);
    }
    const items = isEventList(value) ? (value as {items: unknown}).items : undefined;
    if (!Array.isArray(items)) return this.reject(file, state, state.documentStart, "not an EventList with an items array");
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

function lineProblem(text: string, flags: LineFlags): string | null {
  if (flags.tooLongBytes !== undefined) return `line too long (${flags.tooLongBytes} bytes); skipped`;
  if (flags.invalidUtf8) return "invalid UTF-8";
  if (text.includes("\u0000")) return "NUL bytes (binary data?)";
  if (BINARY.test(text)) return "control characters (binary data?)";
  return null;
}

function fillMissing(first: AuditEventRow, later: AuditEventRow): void {
  const target = first as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(later)) {
    if (target[key] === null && value !== null) target[key] = value;
  }
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
