/**
 * The DuckDB engine of `prepare` (Node only): DuckDB's native JSON reader parses audit JSON lines on every core and
 * hands back integer columns (encodedEvents.ts), which the Ingestor turns into the same tables as the JSON-lines
 * reader. Anything this path does not reproduce exactly (a line DuckDB cannot read, a line the JSON-lines reader
 * would reject, an unusual timestamp, a reused auditID, …) makes the caller take the JSON-lines reader for the whole
 * run instead; see docs/data-formats.md, "Two engines".
 */
import {statSync} from "node:fs";
import {resolve} from "node:path";
import duckdb from "@duckdb/node-bindings";
import {DuckDBConnection, type DuckDBListValue} from "@duckdb/node-api";
import {CODED_FIELDS, type CodedField, type DecodedFields, type EncodedBatch} from "../lib/ingest/encodedEvents.js";
import {compressionOf} from "./openInput.js";

/** Each coded field's expression over read_json's columns (JSON values). */
const FIELD_SQL: Record<CodedField, string> = {
  verb: "verb",
  stage: "stage",
  userAgent: "userAgent",
  sourceIPs: "sourceIPs",
  resource: "objectRef.resource",
  subresource: "objectRef.subresource",
  namespace: "objectRef.namespace",
  name: "objectRef.name",
  apiGroup: "objectRef.apiGroup",
  apiVersion: "objectRef.apiVersion",
  user: '"user".username',
  code: "responseStatus.code"
};

/**
 * The keys readAuditEvent reads. Strings are read as VARCHAR, which DuckDB fills with a string's value but also with
 * the JSON text of a number, boolean, object or array (`5`, `true`, `{"a":1}`); readAuditEvent would not take those
 * for strings, so a value that could be such a text makes the run fall back (see mayNotBeString; a path, a UUID or
 * a timestamp cannot be one). sourceIPs and responseStatus.code are read as DuckDB's JSON type (their JSON text).
 * With `records` and named columns DuckDB refuses a line that is not an object, a duplicated key (JSON.parse would
 * keep the last) and an objectRef, user, responseStatus or metadata that is not an object.
 */
const COLUMNS = `{kind: 'VARCHAR', apiVersion: 'VARCHAR', auditID: 'VARCHAR', verb: 'VARCHAR', stage: 'VARCHAR',
  requestURI: 'VARCHAR', userAgent: 'VARCHAR', sourceIPs: 'JSON', requestReceivedTimestamp: 'VARCHAR',
  "user": 'STRUCT(username VARCHAR)', responseStatus: 'STRUCT(code JSON)',
  objectRef: 'STRUCT(resource VARCHAR, subresource VARCHAR, namespace VARCHAR, name VARCHAR, apiGroup VARCHAR, apiVersion VARCHAR)'}`;
/** The coded fields read as JSON text (the others are VARCHAR). */
const JSON_FIELDS: ReadonlySet<CodedField> = new Set(["sourceIPs", "code"]);

/** Lines read to seed the dictionaries (values first met later come back as text). */
const SAMPLE_LINES = 20_000;

/**
 * The event time: requestReceivedTimestamp in the form the API server writes (`2023-01-27T18:28:08.129781Z`, 1970 or
 * later, a real date). `perfspec_odd` gives 1 when it is missing or in any other form (readAuditEvent would then look
 * at timestamp, stageTimestamp or metadata.creationTimestamp, or leave it to parseTimestampMs: the caller falls back;
 * not reading those three keys saves 3 to 6% of DuckDB's CPU), 2 for a kind other than Event (or none: DuckDB shows a
 * missing kind and `"kind": null` alike), 3 for an apiVersion that is not a string starting with audit.k8s.io/, 4 for
 * no verb, 5 for a requestURI that is not a path (it could be a number's text).
 */
const MACROS = `
-- The API server's form only (27 bytes, 1970 or later); strptime is stricter and cheaper than a cast after a pattern
-- check (the same result on 278 edge cases: every one-character change of a timestamp, signs, spaces, 7 digits).
CREATE OR REPLACE TEMP MACRO perfspec_timestamp(t) AS CASE WHEN strlen(t) = 27 AND t[1:4] >= '1970'
  THEN try_strptime(t, '%Y-%m-%dT%H:%M:%S.%fZ') END;
CREATE OR REPLACE TEMP MACRO perfspec_odd(ts, kind, version, verb, uri) AS CASE
  WHEN ts IS NULL THEN 1
  WHEN kind IS DISTINCT FROM 'Event' THEN 2
  WHEN version IS NOT NULL AND NOT starts_with(version, 'audit.k8s.io/') THEN 3
  WHEN verb IS NULL THEN 4
  WHEN uri IS NOT NULL AND left(uri, 1) <> '/' THEN 5 ELSE 0 END::TINYINT;
CREATE OR REPLACE TEMP MACRO perfspec_uri_print(u) AS CASE WHEN u IS NULL THEN 0
  WHEN strlen(u) = length(u) THEN (length(u) + 1)::INTEGER ELSE -1 END;
CREATE OR REPLACE TEMP MACRO perfspec_id_kind(a, uuid) AS CASE WHEN a IS NULL THEN 0
  WHEN uuid::VARCHAR = a THEN 1 ELSE 2 END::TINYINT;
`;
const ODD = [
  "",
  "no requestReceivedTimestamp in the API server's form",
  "a kind other than Event (or none)",
  "an apiVersion outside audit.k8s.io",
  "no verb",
  "a requestURI that is not a path"
];

/**
 * Whether a VARCHAR value could be the text DuckDB gives a JSON number, boolean, object or array (then it may not
 * have been a string, and readAuditEvent would have read something else).
 * @example mayNotBeString("12") // true; mayNotBeString("kube-system") // false
 */
export function mayNotBeString(value: string): boolean {
  return (
    value === "true" ||
    value === "false" ||
    value[0] === "{" ||
    value[0] === "[" ||
    /^[-+]?(\d+\.?\d*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?|inf(inity)?|nan)$/i.test(value)
  );
}

/** How far DuckDB may read ahead of the reader, MiB (see connect()): memory the engine holds whatever the input. */
export const STREAMING_BUFFER_MIB = 64;

let database: Promise<duckdb.Database> | null = null;
let runs = 0;

/**
 * A connection of its own for one run (temporary tables and macros are per connection, so runs in parallel do not
 * meet) to the one in-memory DuckDB of the process (its start-up is paid once, e.g. by the tests): the raw one for
 * streamWhenReady, and node-api's around it for the rest.
 */
async function connect(): Promise<{raw: duckdb.Connection; db: DuckDBConnection}> {
  database ??= openDatabase();
  const raw = await duckdb.connect(await database);
  const db = new DuckDBConnection(raw);
  // A streaming result buffers up to this much ahead of the reader, so DuckDB keeps parsing on its threads meanwhile.
  // Measured idle (prepare, 300k / 1M events, before streamWhenReady): 8 MB 1.43-1.47 / 4.3 s (DuckDB waited on the
  // reader), 32 MB 1.00-1.31 / 2.97-3.24 s, 64 MB 1.05-1.10 / 2.63-2.71 s at the same peak memory, 128 MB no faster.
  // With it, at 1M: 32 MB 2.24-2.58 s, 64 MB 2.28-2.43 s, 128 MB 2.37-2.39 s.
  await db.run(`SET streaming_buffer_size = '${STREAMING_BUFFER_MIB}MiB'`);
  return {raw, db};
}

/**
 * The process's DuckDB, with no external thread: DuckDB's own threads (one per core) do all of a query's work, and
 * the thread that waits for a result does none (see streamWhenReady).
 */
function openDatabase(): Promise<duckdb.Database> {
  const config = duckdb.create_config();
  duckdb.set_config(config, "external_threads", "0");
  return duckdb.open(":memory:", config);
}

/**
 * Starts a streaming query and resolves once DuckDB's threads have buffered the first of its result, or it failed.
 * Why not node-api's stream(): there the calling thread scans too, and returns only when its own part of the buffer
 * is full. When it holds the batch being read, that part is 60% of the buffer, filled at 1.45 cores: at 1M events
 * `prepare` waited 1.0 s instead of 0.45 s before its first batch, about every other run (2.7-3.0 s against
 * 2.2-2.45 s in all). Polling the pending result's state runs no task, and reports ready as soon as any DuckDB thread
 * waits on the result buffer.
 */
async function streamWhenReady(connection: duckdb.Connection, sql: string): Promise<duckdb.Result> {
  const prepared = await duckdb.prepare(connection, sql);
  try {
    const pending = duckdb.pending_prepared_streaming(prepared);
    // ERROR also stands for "finished" (the C API maps a finished execution to it): execute_pending tells them apart.
    for (
      let state = duckdb.pending_execute_check_state(pending);
      state !== duckdb.PendingState.RESULT_READY && state !== duckdb.PendingState.ERROR;
      state = duckdb.pending_execute_check_state(pending)
    )
      await new Promise((resolve) => setTimeout(resolve, 1));
    return await duckdb.execute_pending(pending);
  } finally {
    duckdb.destroy_prepare_sync(prepared);
  }
}

/** Whether a path can be handed to DuckDB as it is: a local regular file whose name DuckDB will not expand as a glob. */
export function duckdbCanRead(path: string): boolean {
  if (/[*?[\]{}]/.test(path) || path.includes("://")) return false;
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** What readEncodedBatches yields: the start of a file (batch null), then its events in batches, in file order. */
export interface FileBatch {
  file: string;
  batch: EncodedBatch | null;
}

/**
 * Reads audit JSON-lines files (plain or gzip) with DuckDB, streaming: batches of events as integer columns whose
 * codes `fields` decodes (it grows as values are met). Throws (the caller then takes the JSON-lines reader) on what
 * this path does not reproduce exactly: a DuckDB error (a line it cannot read), xz input, a line the JSON-lines reader
 * would reject, a timestamp in another form than the API server's. Memory: DuckDB's streaming buffer and one batch.
 * @example for await (const {file, batch} of readEncodedBatches(["audit.log"], fields)) …
 */
export async function* readEncodedBatches(paths: string[], fields: DecodedFields): AsyncGenerator<FileBatch> {
  const sources: string[] = [];
  for (const path of paths) {
    if (!duckdbCanRead(path)) throw new Error(`${path}: not a plain local file`);
    const compression = await compressionOf(path);
    if (compression === "xz") throw new Error(`${path}: xz (DuckDB reads plain and gzip)`);
    const quoted = resolve(path).replaceAll("'", "''");
    sources.push(
      `read_json('${quoted}', format = 'newline_delimited', records = true, compression = '${compression === "none" ? "uncompressed" : compression}', columns = ${COLUMNS})`
    );
  }
  const {raw, db} = await connect();
  const run = ++runs;
  const typeOf = (field: CodedField) => `perfspec_${field}_${run}`;
  try {
    await db.run(MACROS);
    // The first lines' distinct values of every field (one query, no table) seed one ENUM type per field (none when
    // the sample has no value), so that the full pass returns small integer codes. 30 ms less than a sample table
    // and a query per type.
    const lists =
      await db.runAndReadAll(`SELECT ${CODED_FIELDS.map((field) => `list(DISTINCT ${field}) FILTER (WHERE ${field} IS NOT NULL)`).join(", ")}
      FROM (SELECT ${CODED_FIELDS.map((field) => `(${FIELD_SQL[field]})::VARCHAR AS ${field}`).join(", ")}
        FROM ${sources[0]} LIMIT ${SAMPLE_LINES})`);
    const sampled = CODED_FIELDS.map(
      (_, k) => ((lists.getRows()[0][k] as DuckDBListValue | null)?.items ?? []) as string[]
    );
    const typed = CODED_FIELDS.filter((_, k) => sampled[k].length > 0);
    if (sampled.some((texts) => texts.some((text) => text.includes("\0"))))
      throw new Error("a value with a NUL character (it cannot be an ENUM literal)");
    if (typed.length > 0)
      await db.run(
        typed
          .map((field) => {
            const literals = sampled[CODED_FIELDS.indexOf(field)].map((text) => `'${text.replaceAll("'", "''")}'`);
            return `CREATE TYPE ${typeOf(field)} AS ENUM (${literals.join(", ")});`;
          })
          .join("\n")
      );
    CODED_FIELDS.forEach((field, k) => {
      for (const text of sampled[k]) fields.add(field, valueOf(field, text));
    });
    // Values first met after the sample (code -2) come back as the row's JSON array (null where the code is known);
    // their JSON text keys them, as the ENUM's texts do.
    const later = Object.fromEntries(CODED_FIELDS.map((field) => [field, new Map<string, number>()]));
    const codeOf = (field: CodedField, value: unknown) => {
      const key = JSON.stringify(value);
      let code = later[field].get(key);
      if (code === undefined) later[field].set(key, (code = fields.add(field, checked(field, value))));
      return code;
    };
    const casts = CODED_FIELDS.map((field) =>
      typed.includes(field) ? `try_cast((${FIELD_SQL[field]})::VARCHAR AS ${typeOf(field)})` : "NULL"
    );
    const codes = CODED_FIELDS.map((field, k) => {
      const missing = `CASE WHEN ${FIELD_SQL[field]} IS NULL THEN -1 ELSE -2 END`;
      return typed.includes(field) ? `coalesce(enum_code(c${k})::INTEGER, ${missing})` : missing;
    });
    const unknown = CODED_FIELDS.map((field, k) => `CASE WHEN c${k} IS NULL THEN ${FIELD_SQL[field]} END`);
    const anyUnknown = CODED_FIELDS.map((field, k) => `(${FIELD_SQL[field]} IS NOT NULL AND c${k} IS NULL)`);
    const buffers = batchBuffers(2048);
    // The full pass, file by file: codes, requestURI's length, time, auditID and what to check, in file order,
    // streamed (DuckDB keeps parsing on its threads while the caller ingests a batch).
    for (let k = 0; k < paths.length; k++) {
      yield {file: paths[k], batch: null};
      const result = await streamWhenReady(
        raw,
        `SELECT ${codes.join(", ")}, perfspec_uri_print(requestURI) AS print,
          CASE WHEN print = -1 THEN requestURI END, epoch_ms(ts)::DOUBLE,
          perfspec_odd(ts, kind, apiVersion, verb, requestURI), perfspec_id_kind(auditID, uuid) AS id_kind, uuid,
          CASE WHEN id_kind = 2 THEN auditID END,
          CASE WHEN ${anyUnknown.join(" OR ")} THEN json_array(${unknown.join(", ")})::VARCHAR END
        FROM (SELECT *, ${casts.map((cast, k) => `${cast} AS c${k}`).join(", ")}, perfspec_timestamp(requestReceivedTimestamp) AS ts,
          try_cast(auditID AS UUID) AS uuid
          FROM ${sources[k]})`
      );
      let line = 0;
      for (
        let chunk = await duckdb.fetch_chunk(result);
        chunk !== null && duckdb.data_chunk_get_size(chunk) > 0;
        chunk = await duckdb.fetch_chunk(result)
      ) {
        const batch = readBatch(chunk, line, codeOf, buffers);
        if (typeof batch === "string") throw new Error(`${paths[k]}: ${batch}`);
        line += batch.rows;
        yield {file: paths[k], batch};
      }
    }
  } finally {
    for (const field of CODED_FIELDS) await db.run(`DROP TYPE IF EXISTS ${typeOf(field)}`);
    db.closeSync();
  }
}

/** A coded field's value from DuckDB's text of it: the JSON text of sourceIPs and code, else the string itself. */
function valueOf(field: CodedField, text: string): unknown {
  return JSON_FIELDS.has(field) ? JSON.parse(text) : checked(field, text);
}

/** The value, unless it is a VARCHAR field's value that may not have been a string (then the run falls back). */
function checked(field: CodedField, value: unknown): unknown {
  if (!JSON_FIELDS.has(field) && typeof value === "string" && mayNotBeString(value))
    throw new Error(`${field} ${JSON.stringify(value.slice(0, 40))} may not be a string in the log`);
  return value;
}

/** Typed arrays for one batch, reused from batch to batch (the Ingestor copies what it keeps). */
function batchBuffers(size: number): EncodedBatch {
  return {
    rows: 0,
    codes: Object.fromEntries(CODED_FIELDS.map((field) => [field, new Int32Array(size)])) as EncodedBatch["codes"],
    auditIdKind: new Uint8Array(size),
    uuids: new Uint8Array(size * 16),
    auditIdBytes: new Uint8Array(size * 36),
    auditIdOffsets: new Int32Array(size + 1),
    uriPrint: new Int32Array(size),
    time: new Float64Array(size)
  };
}

/** Copies one chunk's columns out of DuckDB into `into` (strings only for the rare rows that need them). */
function readBatch(
  chunk: duckdb.DataChunk,
  before: number,
  codeOf: (field: CodedField, value: unknown) => number,
  into: EncodedBatch
): EncodedBatch | string {
  const size = duckdb.data_chunk_get_size(chunk);
  if (into.uriPrint.length < size) Object.assign(into, batchBuffers(size));
  const n = CODED_FIELDS.length;
  const vector = (column: number) => duckdb.data_chunk_get_vector(chunk, column);
  const validity = (column: number) => duckdb.vector_get_validity(vector(column), Math.ceil(size / 64) * 8);
  const {codes, uriPrint, time, auditIdOffsets} = into;
  CODED_FIELDS.forEach((field, f) => {
    const data = duckdb.vector_get_data(vector(f), size * 4);
    codes[field].set(new Int32Array(data.buffer, data.byteOffset, size));
  });
  const printData = duckdb.vector_get_data(vector(n), size * 4);
  uriPrint.set(new Int32Array(printData.buffer, printData.byteOffset, size));
  const uris = strings(vector(n + 1), size);
  const timeData = duckdb.vector_get_data(vector(n + 2), size * 8);
  time.set(new Float64Array(timeData.buffer, timeData.byteOffset, size));
  const timeValid = validity(n + 2);
  const odd = duckdb.vector_get_data(vector(n + 3), size);
  // auditID: kind 1 is a UUID in the API server's form (lowercase, dashes), read as DuckDB's 16-byte UUID (no
  // string to fetch); kind 2 another string, given whole as JSON text; 0 null, 3 not a string.
  const idKind = duckdb.vector_get_data(vector(n + 4), size);
  into.auditIdKind.set(idKind);
  into.uuids.set(duckdb.vector_get_data(vector(n + 5), size * 16));
  const whole = strings(vector(n + 6), size);
  const unknown = strings(vector(n + 7), size);
  const unknownValid = validity(n + 7);
  let auditIdBytes = into.auditIdBytes;
  let bytes = 0;
  for (let i = 0; i < size; i++) {
    if (odd[i] !== 0) return `event ${before + i + 1}: ${ODD[odd[i]]}`;
    if (!isValid(timeValid, i)) time[i] = NaN;
    if (isValid(unknownValid, i)) {
      const values = JSON.parse(new TextDecoder().decode(unknown.bytes(i))) as unknown[];
      for (let f = 0; f < n; f++)
        if (values[f] !== null) codes[CODED_FIELDS[f]][i] = codeOf(CODED_FIELDS[f], values[f]);
    }
    // Kind 1 needs nothing here: the Ingestor writes its text from the 16 bytes (Utf8Column.stageUuid).
    const kind = idKind[i];
    if (kind === 2) {
      const id = new TextDecoder().decode(whole.bytes(i));
      if (mayNotBeString(id)) return "an auditID that may not be a string";
      const encoded = new TextEncoder().encode(id);
      if (bytes + encoded.length > auditIdBytes.length) {
        const grown = new Uint8Array(Math.max(auditIdBytes.length * 2, bytes + encoded.length));
        grown.set(auditIdBytes.subarray(0, bytes));
        auditIdBytes = into.auditIdBytes = grown;
      }
      auditIdBytes.set(encoded, bytes);
      bytes += encoded.length;
    } else if (kind !== 1) return "an event without an auditID (or a null one)";
    auditIdOffsets[i + 1] = bytes;
    if (uriPrint[i] === -1) uriPrint[i] = new TextDecoder().decode(uris.bytes(i)).length + 1;
  }
  into.rows = size;
  return into;
}

function isValid(validity: Uint8Array | null, i: number): boolean {
  return validity === null || (validity[i >> 3] & (1 << (i & 7))) !== 0;
}

/**
 * A VARCHAR vector's rows: DuckDB's 16-byte strings (length, then 12 inline bytes or a prefix and a pointer). The
 * vector's memory is mapped on the first row asked for: these columns are NULL in nearly every chunk, and each
 * mapping is an external buffer for V8's collector to track.
 */
function strings(vector: duckdb.Vector, size: number) {
  let data: Uint8Array | null = null;
  let view: DataView | null = null;
  return {
    bytes(i: number): Uint8Array {
      data ??= duckdb.vector_get_data(vector, size * 16);
      view ??= new DataView(data.buffer, data.byteOffset, data.byteLength);
      const length = view.getUint32(i * 16, true);
      if (length <= 12) return data.subarray(i * 16 + 4, i * 16 + 4 + length);
      return duckdb.get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + i * 16 + 8, length);
    }
  };
}
