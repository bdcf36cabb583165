/**
 * The ingest core: files, line dispatch to one format reader per file (jsonLinesReader, jsonDocumentReader,
 * logstashCsvReader, actionListReader), problems, dedup by auditID, the cleaning policy, the columns and the report.
 */
import {parse as browserCsvParse} from "csv-parse/browser/esm/sync";
import type {Table} from "apache-arrow";
import {ActionListReader} from "./actionListReader.js";
import {tableToActions} from "./arrowTables.js";
import {AuditIdIndex} from "./auditIdIndex.js";
import {resolvePolicy, policyFilter, type CleaningPolicy} from "./cleaningPolicy.js";
import {Int32List} from "./columnBuilders.js";
import {requireFormat, type InputFormat} from "./detectFormat.js";
import {ActionColumns, EventColumns} from "./eventColumns.js";
import type {FormatReader, ReaderSink} from "./formatReader.js";
import {JsonDocumentReader} from "./jsonDocumentReader.js";
import {JsonLinesReader} from "./jsonLinesReader.js";
import type {LineFlags} from "./lineProblems.js";
import {LogstashCsvReader, type CsvParse} from "./logstashCsvReader.js";
import {PolicyDecisions} from "./policyDecisions.js";
import {checkRepetition, type RepetitionOptions} from "./repetition.js";
import type {ActionRecord, AuditEventRow, PrepareReport, Problem} from "./types.js";

export type {CsvParse} from "./logstashCsvReader.js";
export type {LineFlags} from "./lineProblems.js";

export interface IngestorOptions {
  /** Overrides of the PerfSPEC cleaning policy. */
  policy?: Partial<CleaningPolicy>;
  /** Defaults to csv-parse's self-contained browser build. */
  csvParse?: CsvParse;
  /** How many problems the report keeps (the `rejected` count stays exact). Default 1000. */
  maxProblems?: number;
  repetition?: RepetitionOptions;
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

interface FileState {
  format: InputFormat;
  reader: FormatReader;
  lines: number;
  accepted: number;
  rejected: number;
}

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
  private readonly csvParse: CsvParse;
  private readonly maxProblems: number;
  private readonly repetitionOptions: RepetitionOptions;
  private readonly files = new Map<string, FileState>();
  private readonly inputs: PrepareReport["inputs"] = [];
  private readonly columns = new EventColumns();
  private readonly auditIds = new AuditIdIndex(this.columns.auditID);
  private readonly decisions: PolicyDecisions;
  /** The action sequence: event rows (>= 0), or -(k + 1) for the k-th action read from an action list. */
  private readonly sequence = new Int32List();
  /** Action-list actions, as indexes into the action dictionary. */
  private readonly listActions = new Int32List();
  private lastFile: string | null = null;
  private lastState: FileState | null = null;
  private readonly problems: Problem[] = [];
  private lines = 0;
  private accepted = 0;
  private rejected = 0;
  private duplicates = 0;

  constructor(options: IngestorOptions = {}) {
    this.policy = resolvePolicy(options.policy);
    this.decisions = new PolicyDecisions(policyFilter(this.policy), this.columns.action.dictionary);
    this.csvParse = options.csvParse ?? (browserCsvParse as CsvParse);
    this.maxProblems = options.maxProblems ?? 1000;
    this.repetitionOptions = options.repetition ?? {};
  }

  /** Starts a file in a known format (see detectFormat / requireFormat). */
  beginFile(file: string, format: InputFormat): void {
    if (this.files.has(file)) throw new Error(`${file}: given twice`);
    // The sink is called only once lines arrive, after `state` exists.
    const sink: ReaderSink = {
      event: (row) => this.addEvent(state, row),
      action: (name) => this.addListAction(state, name),
      reject: (line, reason) => this.reject(file, state, line, reason)
    };
    const state: FileState = {format, reader: this.reader(format, sink), lines: 0, accepted: 0, rejected: 0};
    this.files.set(file, state);
  }

  /** Adds one line (1-based number, without its line break; a BOM and a trailing CR are removed). */
  addLine(file: string, lineNumber: number, text: string, flags?: LineFlags): void {
    const state = file === this.lastFile ? (this.lastState as FileState) : this.state(file);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    if (flags?.tooLongBytes === undefined && isBlank(text)) return;
    state.lines++;
    this.lines++;
    state.reader.addLine(lineNumber, text, flags);
  }

  /** Finishes a file: its reader parses what is still buffered (CSV batch, an unfinished JSON document). */
  endFile(file: string): void {
    const state = this.state(file);
    state.reader.end();
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
    this.reject(file, this.files.get(file), line, reason);
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
    const report: PrepareReport = {
      inputs: this.inputs,
      lines: this.lines,
      accepted: this.accepted,
      rejected: this.rejected,
      duplicates: this.duplicates,
      actions: actionColumns.length,
      dropped: this.decisions.dropped(),
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

  private reader(format: InputFormat, sink: ReaderSink): FormatReader {
    switch (format) {
      case "audit-jsonl":
        return new JsonLinesReader(sink);
      case "audit-json":
        return new JsonDocumentReader(sink);
      case "logstash-csv":
        return new LogstashCsvReader(sink, this.csvParse);
      case "action-list":
        return new ActionListReader(sink);
    }
  }

  private state(file: string): FileState {
    const state = this.files.get(file);
    if (state === undefined) throw new Error(`${file}: addLine before beginFile`);
    this.lastFile = file;
    this.lastState = state;
    return state;
  }

  private reject(file: string, state: FileState | undefined, line: number, reason: string): void {
    if (state !== undefined) state.rejected++;
    this.rejected++;
    if (this.problems.length < this.maxProblems) this.problems.push({file, line, reason});
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
    const decision = this.decisions.decide(verb, resource, row.verb, row.resource);
    columns.appendIndexed(row, verb, resource, decision.action, decision.reason === null);
    if (decision.reason === null) this.sequence.push(index);
    else decision.dropped++;
  }

  /** One action from an action list: into the sequence, with no event behind it. */
  private addListAction(state: FileState, action: string): void {
    state.accepted++;
    this.accepted++;
    this.sequence.push(-(this.listActions.length + 1));
    this.listActions.push(this.columns.action.dictionary.add(action));
  }
}

/** Ingests text already in memory (e.g. pasted into a page): detects the format, then feeds every line. */
export function ingestText(text: string, file = "pasted text", options: IngestorOptions = {}): IngestResult {
  const ingestor = new Ingestor(options);
  ingestor.beginFile(file, requireFormat(file, text));
  let lineNumber = 0;
  for (const line of text.split("\n")) ingestor.addLine(file, ++lineNumber, line);
  ingestor.endFile(file);
  return ingestor.finish();
}

/** Whether the line is empty or only whitespace (without trimming a copy in the usual case). */
function isBlank(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c > 32 && c < 127) return false;
  return text.trim() === "";
}
