/**
 * The ingest core: files, line dispatch to one format reader per file (jsonLinesReader, jsonDocumentReader,
 * logstashCsvReader, actionListReader), problems, dedup by auditID, the cleaning policy, the columns and the report.
 */
import {parse as browserCsvParse} from "csv-parse/browser/esm/sync";
import type {Table} from "apache-arrow";
import {ActionListReader} from "./actionListReader.js";
import {emptyRow} from "./auditEvent.js";
import {tableToActions} from "./arrowTables.js";
import {AuditIdIndex} from "./auditIdIndex.js";
import {resolvePolicy, policyFilter, type CleaningPolicy, type PolicyFilter} from "./cleaningPolicy.js";
import {Int32List, uuidHash, type DictionaryColumn} from "./columnBuilders.js";
import {requireFormat, type InputFormat} from "./detectFormat.js";
import type {DecodedFields, EncodedBatch, TextField} from "./encodedEvents.js";
import {ActionColumns, EventColumns} from "./eventColumns.js";
import type {FormatReader, ReaderSink} from "./formatReader.js";
import {JsonDocumentReader} from "./jsonDocumentReader.js";
import {JsonLinesReader} from "./jsonLinesReader.js";
import {JsonValueLinesReader} from "./jsonValueLinesReader.js";
import {CriLogReader, DockerJsonLogReader} from "./containerLogReader.js";
import {otherKind, type LineFlags} from "./lineProblems.js";
import {LogstashCsvReader, type CsvParse} from "./logstashCsvReader.js";
import {PolicyDecisions} from "./policyDecisions.js";
import {checkRepetition, type RepetitionOptions} from "./repetition.js";
import type {ActionRecord, AuditEventRow, PrepareReport, Problem} from "./types.js";

export type {CsvParse} from "./logstashCsvReader.js";
export type {LineFlags} from "./lineProblems.js";

export interface IngestorOptions {
  /** The cleaning policy: a preset (`{preset: "security"}`, default perfspec) and overrides of its fields. */
  policy?: Partial<CleaningPolicy>;
  /** Defaults to csv-parse's self-contained browser build. */
  csvParse?: CsvParse;
  /** How many problems the report keeps (the `rejected` count stays exact). Default 1000. */
  maxProblems?: number;
  repetition?: RepetitionOptions;
  /**
   * About how many events to expect (a hint; the result is the same): the auditID index is sized for them once
   * instead of growing (its rehashing took 6% of a 1M-event prepare). At most 2^26 are reserved (16 bytes each).
   */
  expectedEvents?: number;
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
  private readonly filter: PolicyFilter;
  private readonly creditImpersonated: boolean;
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
  /** Rejected lines and items that are something else than audit Events, by kind. */
  private readonly otherKinds = new Map<string, number>();
  /** Per event row: its requestURI's length + 1 (0: none), to tell two requests with one auditID apart. */
  private readonly requestPrints = new Int32List();
  /** First row of an auditID -> rows of later, different requests that reused it (rare). */
  private readonly reusedRows = new Map<number, number[]>();
  private readonly reused = {requests: 0, examples: [] as string[]};
  /** addEncodedBatch's code -> dictionary index maps (made on its first batch), and its run of new rows. */
  private codeIndexes: ReturnType<typeof codeIndexes> | null = null;
  private pendingRows = new Int32Array(0);
  private pendingIndices = new Int32Array(0);
  /** Rows added by addEncodedBatch (then addEvent refuses: see there). */
  private encodedRows = 0;
  /** addEncodedBatch's scratch: the batch's UUID hashes, and AuditIdIndex.warm's sum (kept only to be used). */
  private uuidHashes = new Int32Array(0);
  private warmth = 0;

  constructor(options: IngestorOptions = {}) {
    this.policy = resolvePolicy(options.policy);
    this.filter = policyFilter(this.policy);
    this.decisions = new PolicyDecisions(this.filter, this.columns.action.dictionary);
    this.creditImpersonated = this.policy.actor === "impersonatedUser";
    this.csvParse = options.csvParse ?? (browserCsvParse as CsvParse);
    this.maxProblems = options.maxProblems ?? 1000;
    this.repetitionOptions = options.repetition ?? {};
    if (options.expectedEvents !== undefined && options.expectedEvents > 0)
      this.auditIds.reserve(Math.min(Math.ceil(options.expectedEvents), 2 ** 26));
  }

  /** Starts a file in a known format (see detectFormat / requireFormat). */
  beginFile(file: string, format: InputFormat): void {
    if (this.files.has(file)) throw new Error(`${file}: given twice`);
    // The sink is called only once lines arrive, after `state` exists.
    const sink: ReaderSink = {
      event: (row) => this.addEvent(state, row),
      action: (name) => this.addListAction(state, name),
      reject: (line, reason, item) => this.reject(file, state, line, reason, item)
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
      notAuditEvents: Object.fromEntries([...this.otherKinds].sort((a, b) => b[1] - a[1])),
      reusedAuditIDs: this.reused,
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
      case "gke-json":
      case "aks-json":
        return new JsonDocumentReader(sink);
      case "gke-jsonl":
      case "aks-jsonl":
        return new JsonValueLinesReader(sink);
      case "cri":
        return new CriLogReader(sink, new JsonLinesReader(sink));
      case "docker-jsonl":
        return new DockerJsonLogReader(sink, new JsonLinesReader(sink));
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

  private reject(file: string, state: FileState | undefined, line: number, reason: string, item?: number): void {
    if (state !== undefined) state.rejected++;
    this.rejected++;
    if (this.problems.length < this.maxProblems)
      this.problems.push(item === undefined ? {file, line, reason} : {file, line, reason, item});
    let kind = otherKind(reason);
    if (kind === null) return;
    // Kinds come from the log (attacker controlled): a bounded number of them is named.
    if (this.otherKinds.size >= MAX_KINDS && !this.otherKinds.has(kind)) kind = "(other kinds)";
    this.otherKinds.set(kind, (this.otherKinds.get(kind) ?? 0) + 1);
  }

  /**
   * One accepted event: de-duplicated by auditID (another stage of the same request: see isRequest), then
   * appended to the columns and, when kept, to the sequence. A different request reusing an earlier auditID is kept
   * as its own event and counted in the report.
   */
  private addEvent(state: FileState, row: AuditEventRow): void {
    if (this.encodedRows > 0) throw new Error("an Ingestor that took encoded batches takes no lines");
    state.accepted++;
    this.accepted++;
    if (row.impersonatedUser != null && this.creditImpersonated) {
      row.impersonator = row.user;
      row.user = row.impersonatedUser;
    }
    const columns = this.columns;
    const auditID = columns.auditID;
    const hash = auditID.stage(row.auditID);
    const print = requestPrint(row.requestURI);
    let reusedFrom = -1;
    if (row.auditID !== "") {
      const first = this.auditIds.findOrInsert(hash, columns.length);
      if (first !== -1) {
        const same = this.sameRequest(first, row, print);
        if (same !== -1) {
          this.duplicates++;
          if (this.policy.dedupeByAuditID) {
            const codeWasNull = columns.code.isNull(same);
            columns.fill(same, row);
            // The first stage (RequestReceived) has no response code: a later stage may reveal a denial.
            if (codeWasNull && this.filter.denied(row.code)) this.redecide(same);
            return;
          }
        } else {
          reusedFrom = first;
          this.reused.requests++;
          if (this.reused.examples.length < 5) this.reused.examples.push(row.auditID);
        }
      }
    }
    const index = columns.length;
    auditID.commit();
    this.requestPrints.push(print);
    if (reusedFrom !== -1) {
      const rows = this.reusedRows.get(reusedFrom);
      if (rows === undefined) this.reusedRows.set(reusedFrom, [index]);
      else rows.push(index);
    }
    const verb = columns.verb.dictionary.add(row.verb);
    const resource = row.resource === null ? -1 : columns.resource.dictionary.add(row.resource);
    const decision = this.decide(verb, resource, row.verb, row.resource, row.subresource, row.code);
    columns.appendIndexed(row, verb, resource, decision.action, decision.reason === null);
    if (decision.reason === null) this.sequence.push(index);
    else decision.dropped++;
  }

  /**
   * Whether addEncodedFile can apply this policy: one that looks at neither subresources, response codes nor
   * impersonation (perfspec and its variants), since those decide per event or change an event's action later.
   */
  get takesEncodedEvents(): boolean {
    return !this.filter.usesSubresource && !this.filter.marksDenied && !this.creditImpersonated;
  }

  /**
   * Adds a batch of a file's events as read by a native engine (see encodedEvents.ts) exactly as addLine would have
   * added them through the JSON-lines reader: same de-duplication, dictionaries (values in first-seen order), policy,
   * sequence and counts. Batches come in file order, after beginFile; `fields` decodes their codes (the same object
   * for the whole run). Returns false when an auditID is reused by a different request, which this path does not
   * reproduce: the ingestor is then unusable and the caller starts over with a new one and addLine.
   */
  addEncodedBatch(file: string, batch: EncodedBatch, fields: DecodedFields): boolean {
    if (!this.takesEncodedEvents) throw new Error("addEncodedBatch: the policy needs the JSON-lines reader");
    // The two paths hash a canonical UUID differently (Utf8Column.stageUuid): one Ingestor takes one of them.
    if (this.columns.length > this.encodedRows) throw new Error("addEncodedBatch: events were added line by line");
    const state = this.state(file);
    const c = this.columns;
    const codes = batch.codes;
    const {auditIdKind, uuids, auditIdBytes, auditIdOffsets, uriPrint, time} = batch;
    const text = fields.text;
    const memo = (this.codeIndexes ??= codeIndexes(fields, c));
    const scratch = emptyRow();
    const row = (i: number): AuditEventRow => {
      const value = (field: TextField) => (codes[field][i] < 0 ? null : text[field][codes[field][i]]);
      scratch.verb = value("verb") as string;
      scratch.stage = value("stage");
      scratch.resource = value("resource");
      scratch.subresource = value("subresource");
      scratch.namespace = value("namespace");
      scratch.name = value("name");
      const group = codes.apiGroup[i] < 0 ? null : fields.apiGroup[codes.apiGroup[i]];
      const version = codes.apiVersion[i] < 0 ? "" : fields.apiVersionGroup[codes.apiVersion[i]];
      scratch.apiGroup = group ?? (scratch.resource === null ? null : version);
      scratch.user = value("user");
      scratch.impersonator = null;
      scratch.userAgent = value("userAgent");
      scratch.sourceIP = codes.sourceIPs[i] < 0 ? null : fields.sourceIP[codes.sourceIPs[i]];
      scratch.code = codes.code[i] < 0 ? null : fields.code[codes.code[i]];
      scratch.time = Number.isNaN(time[i]) ? null : time[i];
      return scratch;
    };
    const [stageCodes, verbCodes, resourceCodes, subresourceCodes, namespaceCodes, nameCodes, userCodes] = [
      codes.stage,
      codes.verb,
      codes.resource,
      codes.subresource,
      codes.namespace,
      codes.name,
      codes.user
    ];
    const [userAgentCodes, sourceIPCodes, apiGroupCodes, apiVersionCodes, responseCodes] = [
      codes.userAgent,
      codes.sourceIPs,
      codes.apiGroup,
      codes.apiVersion,
      codes.code
    ];
    const responseValues = fields.code;
    const verbNames = text.verb;
    const resourceNames = text.resource;
    const ids = c.auditID;
    const auditIds = this.auditIds;
    auditIds.reserve(batch.rows);
    const decisions = this.decisions;
    const sequence = this.sequence;
    const rows = batch.rows;
    state.accepted += rows;
    this.accepted += rows;
    state.lines += rows;
    this.lines += rows;
    // New events are appended column by column, a run of them at a time (each loop stays on one column); a
    // duplicate first appends the run before it, so that rows and dictionaries fill in the JSON-lines path's order.
    const pending = (this.pendingRows = this.pendingRows.length >= rows ? this.pendingRows : new Int32Array(rows));
    const indices = (this.pendingIndices =
      this.pendingIndices.length >= rows ? this.pendingIndices : new Int32Array(rows));
    let count = 0;
    const flush = () => {
      if (count === 0) return;
      const at = c.length;
      for (let k = 0; k < count; k++) {
        const i = pending[k];
        const verbCode = verbCodes[i];
        const resourceCode = resourceCodes[i];
        const resourceIndex = memo.resource.of(resourceCode);
        const decision = decisions.decide(
          memo.verb.of(verbCode),
          resourceIndex,
          verbNames[verbCode] as string,
          resourceIndex === -1 ? null : resourceNames[resourceCode]
        );
        c.action.appendIndex(decision.action);
        c.kept.append(decision.reason === null);
        if (decision.reason === null) sequence.push(at + k);
        else decision.dropped++;
      }
      // Each dictionary column: the run's indices first, then one bulk append (no call per row and column).
      const put = (column: DictionaryColumn, index: CodeIndex, codes: Int32Array) => {
        for (let k = 0; k < count; k++) indices[k] = index.of(codes[pending[k]]);
        column.appendIndices(indices, count);
      };
      put(c.verb, memo.verb, verbCodes);
      put(c.resource, memo.resource, resourceCodes);
      put(c.stage, memo.stage, stageCodes);
      for (let k = 0; k < count; k++) {
        const t = time[pending[k]];
        c.time.append(t === t ? t : null);
      }
      put(c.subresource, memo.subresource, subresourceCodes);
      put(c.namespace, memo.namespace, namespaceCodes);
      put(c.name, memo.name, nameCodes);
      // readAuditEvent's apiGroupOf: objectRef.apiGroup when a string, else (for a resource) the apiVersion's group.
      for (let k = 0; k < count; k++) {
        const i = pending[k];
        const group = memo.apiGroup.of(apiGroupCodes[i]);
        indices[k] =
          group !== -1
            ? group
            : resourceCodes[i] < 0 || text.resource[resourceCodes[i]] === null
              ? -1
              : memo.versionGroup.of(apiVersionCodes[i]);
      }
      c.apiGroup.appendIndices(indices, count);
      put(c.user, memo.user, userCodes);
      for (let k = 0; k < count; k++) c.impersonator.appendNull();
      put(c.userAgent, memo.userAgent, userAgentCodes);
      put(c.sourceIP, memo.sourceIP, sourceIPCodes);
      for (let k = 0; k < count; k++) {
        const response = responseCodes[pending[k]];
        c.code.append(response < 0 ? null : responseValues[response]);
      }
      count = 0;
    };
    // This batch's UUID hashes, in row order, and their slots in the auditID index read ahead (AuditIdIndex.warm).
    const hashes = (this.uuidHashes = this.uuidHashes.length >= rows ? this.uuidHashes : new Int32Array(rows));
    let uuidCount = 0;
    for (let i = 0; i < rows; i++) if (auditIdKind[i] === 1) hashes[uuidCount++] = uuidHash(uuids, i * 16);
    this.warmth += auditIds.warm(hashes, uuidCount);
    let nextUuid = 0;
    for (let i = 0; i < rows; i++) {
      const uuid = auditIdKind[i] === 1;
      const from = auditIdOffsets[i];
      const to = auditIdOffsets[i + 1];
      let hash: number;
      if (uuid) {
        ids.stageUuid(uuids, i * 16);
        hash = hashes[nextUuid++];
      } else hash = ids.stageBytes(auditIdBytes, from, to);
      const print = uriPrint[i];
      if (uuid || to > from) {
        const first = auditIds.findOrInsert(hash, ids.length);
        if (first !== -1) {
          flush();
          const same = this.sameRequest(first, row(i), print);
          if (same === -1) return false;
          this.duplicates++;
          if (this.policy.dedupeByAuditID) {
            c.fill(same, scratch);
            continue;
          }
        }
      }
      // The auditID column is committed now, the others when the run is appended.
      ids.commit();
      this.requestPrints.push(print);
      pending[count++] = i;
    }
    flush();
    this.encodedRows = c.length;
    return true;
  }

  /** The row among those with this auditID (`first`, then the requests that reused it) of the same request, or -1. */
  private sameRequest(first: number, row: AuditEventRow, print: number): number {
    if (this.isRequest(first, row, print)) return first;
    for (const other of this.reusedRows.get(first) ?? []) if (this.isRequest(other, row, print)) return other;
    return -1;
  }

  /**
   * Whether event `index` and `row` are stages of one request: the same verb, requestURI length and objectRef (a
   * field known in both must be equal: a later stage may add the name of a created object). Only the length of the
   * URI is kept per event, so the hot path hashes nothing; the objectRef tells apart two URIs of one length.
   */
  private isRequest(index: number, row: AuditEventRow, print: number): boolean {
    const columns = this.columns;
    const known = this.requestPrints.get(index);
    if (columns.verb.get(index) !== row.verb || (known !== 0 && print !== 0 && known !== print)) return false;
    for (const key of OBJECT_REF) {
      const value = row[key];
      if (value === null) continue;
      const other = columns[key].get(index);
      if (other !== null && other !== value) return false;
    }
    return true;
  }

  /** The policy's decision; the subresource and code are looked at only when the policy uses them. */
  private decide(
    verb: number,
    resource: number,
    verbName: string,
    resourceName: string | null,
    subresource: string | null,
    code: number | null
  ) {
    const filter = this.filter;
    const sub = filter.usesSubresource ? subresource : null;
    const subIndex = sub === null ? -1 : this.columns.subresource.dictionary.add(sub);
    return this.decisions.decide(verb, resource, verbName, resourceName, subIndex, sub, filter.denied(code));
  }

  /** Decides row `index` again (its code became known) and relabels its action; whether it is kept does not change. */
  private redecide(index: number): void {
    const c = this.columns;
    const decision = this.decide(
      c.verb.indexOf(index),
      c.resource.indexOf(index),
      c.verb.get(index) as string,
      c.resource.get(index),
      c.subresource.get(index),
      c.code.get(index)
    );
    c.action.set(index, c.action.dictionary.values[decision.action]);
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

const MAX_KINDS = 100;
const OBJECT_REF = ["resource", "subresource", "namespace", "name"] as const;

/** What is kept of a requestURI per event: its length + 1, or 0 when there is none. */
function requestPrint(uri: string | null | undefined): number {
  return uri === null || uri === undefined ? 0 : uri.length + 1;
}

/** A field's code -> its dictionary index (-1 for null), the value added to the dictionary on first use. */
class CodeIndex {
  private indexes = new Int32Array(64).fill(-2);
  /** `missing`: the value of code -1 (null unless given). */
  constructor(
    private readonly values: readonly (string | null)[],
    private readonly column: DictionaryColumn,
    private readonly missing: string | null = null
  ) {}
  of(code: number): number {
    const slot = code + 1;
    if (slot < this.indexes.length) {
      const index = this.indexes[slot];
      if (index !== -2) return index;
    }
    return this.add(slot);
  }
  private add(slot: number): number {
    if (slot >= this.indexes.length) {
      const grown = new Int32Array(Math.max(slot + 1, this.indexes.length * 2)).fill(-2);
      grown.set(this.indexes);
      this.indexes = grown;
    }
    const value = slot === 0 ? this.missing : this.values[slot - 1];
    return (this.indexes[slot] = value === null ? -1 : this.column.dictionary.add(value));
  }
}

/** One CodeIndex per dictionary column, for a run of encoded batches. */
function codeIndexes(fields: DecodedFields, c: EventColumns) {
  const text = fields.text;
  return {
    stage: new CodeIndex(text.stage, c.stage),
    verb: new CodeIndex(text.verb, c.verb),
    resource: new CodeIndex(text.resource, c.resource),
    subresource: new CodeIndex(text.subresource, c.subresource),
    namespace: new CodeIndex(text.namespace, c.namespace),
    name: new CodeIndex(text.name, c.name),
    user: new CodeIndex(text.user, c.user),
    userAgent: new CodeIndex(text.userAgent, c.userAgent),
    sourceIP: new CodeIndex(fields.sourceIP, c.sourceIP),
    apiGroup: new CodeIndex(fields.apiGroup, c.apiGroup),
    // A resource without apiGroup nor apiVersion is in the core group "".
    versionGroup: new CodeIndex(fields.apiVersionGroup, c.apiGroup, "")
  };
}

/** Whether the line is empty or only whitespace (without trimming a copy in the usual case). */
function isBlank(text: string): boolean {
  const c = text.charCodeAt(0);
  if (c > 32 && c < 127) return false;
  return text.trim() === "";
}
