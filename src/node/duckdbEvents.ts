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
import {DuckDBInstance, type DuckDBConnection, type DuckDBListValue} from "@duckdb/node-api";
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
 * The keys readAuditEvent reads, each as DuckDB's JSON type (its canonical JSON text tells the value's type). With
 * `records` and named columns DuckDB refuses a line that is not an object, a duplicated key (JSON.parse would keep
 * the last) and an objectRef, user, responseStatus or metadata that is not an object.
 */
const COLUMNS = `{kind: 'JSON', apiVersion: 'JSON', auditID: 'JSON', verb: 'JSON', stage: 'JSON', requestURI: 'JSON',
  userAgent: 'JSON', sourceIPs: 'JSON', requestReceivedTimestamp: 'JSON', "timestamp": 'JSON', stageTimestamp: 'JSON',
  metadata: 'STRUCT(creationTimestamp JSON)', "user": 'STRUCT(username JSON)', responseStatus: 'STRUCT(code JSON)',
  objectRef: 'STRUCT(resource JSON, subresource JSON, namespace JSON, name JSON, apiGroup JSON, apiVersion JSON)'}`;

/** Lines read to seed the dictionaries (values first met later come back as text, see UNKNOWN). */
const SAMPLE_LINES = 20_000;

/**
 * The event time as readAuditEvent finds it (requestReceivedTimestamp, else timestamp, stageTimestamp,
 * metadata.creationTimestamp) in the form the API server writes (`"2023-01-27T18:28:08.129781Z"`, 1970 or later, a
 * real date); `perfspec_odd` gives 1 for a time in any other form (left to parseTimestampMs: the caller falls back),
 * 2 for a kind other than Event (or none: DuckDB shows a missing kind and `"kind": null` alike), 3 for an apiVersion
 * outside audit.k8s.io, 4 for no verb.
 */
const MACROS = `
CREATE OR REPLACE TEMP MACRO perfspec_time_text(a, b, c, d) AS coalesce(a, b, c, d)::VARCHAR;
CREATE OR REPLACE TEMP MACRO perfspec_timestamp(t) AS CASE WHEN t LIKE '"____-__-__T__:__:__.______Z"'
  AND t[2:5] >= '1970' THEN try_cast(t[2:-2] AS TIMESTAMP) END;
CREATE OR REPLACE TEMP MACRO perfspec_odd(t, ts, kind, version, verb) AS CASE
  WHEN t IS NOT NULL AND ts IS NULL THEN 1
  WHEN kind::VARCHAR IS DISTINCT FROM '"Event"' THEN 2
  WHEN left(version::VARCHAR, 1) = '"' AND NOT starts_with(version::VARCHAR, '"audit.k8s.io/') THEN 3
  WHEN verb IS NULL THEN 4 ELSE 0 END::TINYINT;
CREATE OR REPLACE TEMP MACRO perfspec_uri_print(u) AS CASE WHEN u IS NULL OR left(u, 1) <> '"' THEN 0
  WHEN NOT contains(u, '\\') AND strlen(u) = length(u) THEN (length(u) - 1)::INTEGER ELSE -1 END;
CREATE OR REPLACE TEMP MACRO perfspec_id_kind(a, uuid) AS CASE WHEN a IS NULL THEN 0 WHEN left(a, 1) <> '"' THEN 3
  WHEN uuid::VARCHAR = a[2:-2] THEN 1 ELSE 2 END::TINYINT;
`;
const ODD = [
  "",
  "a timestamp in another form than the API server's",
  "a kind other than Event (or none)",
  "an apiVersion outside audit.k8s.io",
  "no verb"
];

let connection: Promise<DuckDBConnection> | null = null;
let runs = 0;

/** One in-memory DuckDB per process (its start-up is paid once, e.g. by the tests). */
function connect(): Promise<DuckDBConnection> {
  // A streaming result buffers up to this much ahead of the reader, so DuckDB keeps parsing on its threads meanwhile.
  connection ??= DuckDBInstance.create(":memory:")
    .then((instance) => instance.connect())
    .then(async (db) => (await db.run("SET streaming_buffer_size = '8MB'"), db));
  return connection;
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
  const db = await connect();
  const run = ++runs;
  const sample = `perfspec_sample_${run}`;
  const typeOf = (field: CodedField) => `perfspec_${field}_${run}`;
  try {
    await db.run(MACROS);
    // The first lines' distinct JSON texts of every field seed one ENUM type per field ('' first: no JSON text is
    // empty, so code 0 never occurs and no type is empty), so that the full pass returns small integer codes.
    await db.run(`CREATE TEMP TABLE ${sample} AS SELECT ${CODED_FIELDS.map((field) => `(${FIELD_SQL[field]})::VARCHAR AS ${field}`).join(", ")}
      FROM ${sources[0]} LIMIT ${SAMPLE_LINES}`);
    await db.run(
      CODED_FIELDS.map(
        (field) => `CREATE TYPE ${typeOf(field)} AS ENUM (SELECT '' UNION ALL
          SELECT DISTINCT "${field}" FROM ${sample} WHERE "${field}" IS NOT NULL);`
      ).join("\n")
    );
    const ranges = await db.runAndReadAll(
      `SELECT ${CODED_FIELDS.map((field) => `enum_range(NULL::${typeOf(field)})::VARCHAR[]`).join(", ")}`
    );
    CODED_FIELDS.forEach((field, k) => {
      const texts = (ranges.getRows()[0][k] as DuckDBListValue).items as string[];
      texts.forEach((text, i) => fields.add(field, i === 0 ? undefined : JSON.parse(text)));
    });
    // Values first met after the sample (code -2) come back as the row's JSON array (null where the code is known);
    // their JSON text keys them, as the ENUM's texts do.
    const later = Object.fromEntries(CODED_FIELDS.map((field) => [field, new Map<string, number>()]));
    const codeOf = (field: CodedField, value: unknown) => {
      const key = JSON.stringify(value);
      let code = later[field].get(key);
      if (code === undefined) later[field].set(key, (code = fields.add(field, value)));
      return code;
    };
    const casts = CODED_FIELDS.map((field) => `try_cast((${FIELD_SQL[field]})::VARCHAR AS ${typeOf(field)})`);
    const codes = CODED_FIELDS.map(
      (field, k) => `coalesce(enum_code(c${k})::INTEGER, CASE WHEN ${FIELD_SQL[field]} IS NULL THEN -1 ELSE -2 END)`
    );
    const unknown = CODED_FIELDS.map((field, k) => `CASE WHEN c${k} IS NULL THEN ${FIELD_SQL[field]} END`);
    const anyUnknown = CODED_FIELDS.map((field, k) => `(${FIELD_SQL[field]} IS NOT NULL AND c${k} IS NULL)`);
    const buffers = batchBuffers(2048);
    // The full pass, file by file: codes, requestURI's length, time, auditID and what to check, in file order,
    // streamed (DuckDB keeps parsing on its threads while the caller ingests a batch).
    for (let k = 0; k < paths.length; k++) {
      yield {file: paths[k], batch: null};
      const result = await db.stream(`SELECT ${codes.join(", ")}, perfspec_uri_print(requestURI::VARCHAR) AS print,
          CASE WHEN print = -1 THEN requestURI::VARCHAR END, epoch_ms(ts)::DOUBLE,
          perfspec_odd(t, ts, kind, apiVersion, verb), perfspec_id_kind(a, uuid) AS id_kind, uuid,
          CASE WHEN id_kind = 2 THEN a END,
          CASE WHEN ${anyUnknown.join(" OR ")} THEN json_array(${unknown.join(", ")})::VARCHAR END
        FROM (SELECT *, ${casts.map((cast, k) => `${cast} AS c${k}`).join(", ")}, perfspec_timestamp(t) AS ts,
          try_cast(a[2:-2] AS UUID) AS uuid
          FROM (SELECT *, perfspec_time_text(requestReceivedTimestamp, "timestamp", stageTimestamp, metadata.creationTimestamp) AS t,
            auditID::VARCHAR AS a FROM ${sources[k]}))`);
      let line = 0;
      for (
        let chunk = await result.fetchChunk();
        chunk !== null && chunk.rowCount > 0;
        chunk = await result.fetchChunk()
      ) {
        const batch = readBatch(chunk.chunk, line, codeOf, buffers);
        if (typeof batch === "string") throw new Error(`${paths[k]}: ${batch}`);
        line += batch.rows;
        yield {file: paths[k], batch};
      }
    }
  } finally {
    await db.run(`DROP TABLE IF EXISTS ${sample}`);
    for (const field of CODED_FIELDS) await db.run(`DROP TYPE IF EXISTS ${typeOf(field)}`);
  }
}

/** Typed arrays for one batch, reused from batch to batch (the Ingestor copies what it keeps). */
function batchBuffers(size: number): EncodedBatch {
  return {
    rows: 0,
    codes: Object.fromEntries(CODED_FIELDS.map((field) => [field, new Int32Array(size)])) as EncodedBatch["codes"],
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
  const uuids = duckdb.vector_get_data(vector(n + 5), size * 16);
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
    const kind = idKind[i];
    if (kind === 1) {
      bytes = writeUuid(uuids, i * 16, auditIdBytes, bytes);
    } else if (kind === 2) {
      const encoded = new TextEncoder().encode(JSON.parse(new TextDecoder().decode(whole.bytes(i))) as string);
      if (bytes + encoded.length + (size - i) * 36 > auditIdBytes.length) {
        const grown = new Uint8Array(bytes + encoded.length + (size - i) * 36);
        grown.set(auditIdBytes.subarray(0, bytes));
        auditIdBytes = into.auditIdBytes = grown;
      }
      auditIdBytes.set(encoded, bytes);
      bytes += encoded.length;
    } else return kind === 0 ? "an event without an auditID" : "an auditID that is not a string";
    auditIdOffsets[i + 1] = bytes;
    if (uriPrint[i] === -1) uriPrint[i] = (JSON.parse(new TextDecoder().decode(uris.bytes(i))) as string).length + 1;
  }
  into.rows = size;
  return into;
}

const HEX = new TextEncoder().encode("0123456789abcdef");

/**
 * Writes DuckDB's UUID at `data[at, at + 16)` (a little-endian 128-bit integer whose top bit is flipped) as the 36
 * characters of its canonical form; returns the new end.
 */
function writeUuid(data: Uint8Array, at: number, out: Uint8Array, end: number): number {
  for (let k = 15; k >= 0; k--) {
    const byte = k === 15 ? data[at + k] ^ 0x80 : data[at + k];
    out[end++] = HEX[byte >> 4];
    out[end++] = HEX[byte & 15];
    if (k === 12 || k === 10 || k === 8 || k === 6) out[end++] = 0x2d;
  }
  return end;
}

function isValid(validity: Uint8Array | null, i: number): boolean {
  return validity === null || (validity[i >> 3] & (1 << (i & 7))) !== 0;
}

/** A VARCHAR vector's rows: DuckDB's 16-byte strings (length, then 12 inline bytes or a prefix and a pointer). */
function strings(vector: duckdb.Vector, size: number) {
  const data = duckdb.vector_get_data(vector, size * 16);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  return {
    data,
    view,
    bytes(i: number): Uint8Array {
      const length = view.getUint32(i * 16, true);
      if (length <= 12) return data.subarray(i * 16 + 4, i * 16 + 4 + length);
      return duckdb.get_data_from_pointer(data.buffer as ArrayBuffer, data.byteOffset + i * 16 + 8, length);
    }
  };
}
