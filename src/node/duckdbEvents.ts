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
import {
  DuckDBInstance,
  type DuckDBConnection,
  type DuckDBListValue,
  type DuckDBMaterializedResult
} from "@duckdb/node-api";
import {CODED_FIELDS, type CodedField, type EncodedEvents, type EncodedFile} from "../lib/ingest/encodedEvents.js";
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
  connection ??= DuckDBInstance.create(":memory:").then((instance) => instance.connect());
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

/**
 * Reads audit JSON-lines files (plain or gzip) with DuckDB, or returns why the JSON-lines reader must read them
 * instead (a DuckDB error, xz input, or a line the Ingestor would reject or treat differently).
 * @example const encoded = await readEncodedEvents(["audit.log"]); if (typeof encoded !== "string") …
 */
export async function readEncodedEvents(paths: string[]): Promise<EncodedEvents | string> {
  const sources: string[] = [];
  for (const path of paths) {
    if (!duckdbCanRead(path)) return `${path}: not a plain local file`;
    const compression = await compressionOf(path);
    if (compression === "xz") return `${path}: xz`;
    const quoted = resolve(path).replaceAll("'", "''");
    sources.push(
      `read_json('${quoted}', format = 'newline_delimited', records = true, compression = '${compression === "none" ? "uncompressed" : compression}', columns = ${COLUMNS})`
    );
  }
  const db = await connect();
  const run = ++runs;
  const types: string[] = [];
  try {
    await db.run(MACROS);
    // The first lines' distinct JSON texts of every field seed one ENUM type per field ('' first: no JSON text is
    // empty, so code 0 never occurs and no type is empty), so that the full pass returns small integer codes.
    const sample = `perfspec_sample_${run}`;
    await db.run(`CREATE TEMP TABLE ${sample} AS SELECT ${CODED_FIELDS.map((field) => `(${FIELD_SQL[field]})::VARCHAR AS ${field}`).join(", ")}
      FROM ${sources[0]} LIMIT ${SAMPLE_LINES}`);
    const typeOf = (field: CodedField) => `perfspec_${field}_${run}`;
    types.push(...CODED_FIELDS.map(typeOf));
    await db.run(
      CODED_FIELDS.map(
        (field) => `CREATE TYPE ${typeOf(field)} AS ENUM (SELECT '' UNION ALL
          SELECT DISTINCT "${field}" FROM ${sample} WHERE "${field}" IS NOT NULL);`
      ).join("\n")
    );
    const ranges = await db.runAndReadAll(
      `SELECT ${CODED_FIELDS.map((field) => `enum_range(NULL::${typeOf(field)})::VARCHAR[]`).join(", ")}`
    );
    const values = {} as Record<CodedField, unknown[]>;
    CODED_FIELDS.forEach((field, k) => {
      const texts = (ranges.getRows()[0][k] as DuckDBListValue).items as string[];
      values[field] = texts.map((text, i) => (i === 0 ? undefined : JSON.parse(text)));
    });
    const casts = CODED_FIELDS.map((field) => `try_cast((${FIELD_SQL[field]})::VARCHAR AS ${typeOf(field)})`);
    const codes = CODED_FIELDS.map(
      (field, k) => `coalesce(enum_code(c${k})::INTEGER, CASE WHEN ${FIELD_SQL[field]} IS NULL THEN -1 ELSE -2 END)`
    );
    // Values the sample did not have (code -2): the row's as one JSON array (null where the code is known).
    const unknown = CODED_FIELDS.map((field, k) => `CASE WHEN c${k} IS NULL THEN ${FIELD_SQL[field]} END`);
    const anyUnknown = CODED_FIELDS.map((field, k) => `(${FIELD_SQL[field]} IS NOT NULL AND c${k} IS NULL)`);
    // The full pass, file by file: codes, requestURI's length, time, auditID and what to check, in file order.
    const files: EncodedFile[] = [];
    const seen = Object.fromEntries(CODED_FIELDS.map((field) => [field, new Map<string, number>()]));
    for (let k = 0; k < paths.length; k++) {
      const result = await db.run(`SELECT ${codes.join(", ")}, perfspec_uri_print(requestURI::VARCHAR) AS print,
          CASE WHEN print = -1 THEN requestURI::VARCHAR END, epoch_ms(ts)::DOUBLE,
          perfspec_odd(t, ts, kind, apiVersion, verb), perfspec_id_kind(a, uuid) AS id_kind, uuid,
          CASE WHEN id_kind = 2 THEN a END,
          CASE WHEN ${anyUnknown.join(" OR ")} THEN json_array(${unknown.join(", ")})::VARCHAR END
        FROM (SELECT *, ${casts.map((cast, k) => `${cast} AS c${k}`).join(", ")}, perfspec_timestamp(t) AS ts,
          try_cast(a[2:-2] AS UUID) AS uuid
          FROM (SELECT *, perfspec_time_text(requestReceivedTimestamp, "timestamp", stageTimestamp, metadata.creationTimestamp) AS t,
            auditID::VARCHAR AS a FROM ${sources[k]}))`);
      const file = await readFileColumns(paths[k], result, (field, value) => {
        // A value first met after the sample: a new code (its JSON text keys it, as the ENUM's texts do).
        const key = JSON.stringify(value);
        let code = seen[field].get(key);
        if (code === undefined) {
          code = values[field].push(value) - 1;
          seen[field].set(key, code);
        }
        return code;
      });
      if (typeof file === "string") return `${paths[k]}: ${file}`;
      files.push(file);
    }
    return {values, files};
  } catch (error) {
    return `DuckDB: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  } finally {
    await db.run(`DROP TABLE IF EXISTS perfspec_sample_${run}`);
    for (const type of types) await db.run(`DROP TYPE IF EXISTS ${type}`);
  }
}

/** Copies pass 2's columns out of DuckDB's chunks (typed-array copies; strings only for the auditID). */
async function readFileColumns(
  path: string,
  result: DuckDBMaterializedResult,
  codeOf: (field: CodedField, value: unknown) => number
): Promise<EncodedFile | string> {
  const rows = result.rowCount;
  const n = CODED_FIELDS.length;
  const codes = Object.fromEntries(CODED_FIELDS.map((f) => [f, new Int32Array(rows)])) as EncodedFile["codes"];
  const uriPrint = new Int32Array(rows);
  const time = new Float64Array(rows);
  const auditIdOffsets = new Int32Array(rows + 1);
  let auditIdBytes = new Uint8Array(Math.max(64, rows * 36));
  let bytes = 0;
  let row = 0;
  // fetchChunk walks the chunks in order (getChunk(k) would look each one up from the start).
  for (let next = await result.fetchChunk(); next !== null && next.rowCount > 0; next = await result.fetchChunk()) {
    const chunk = next.chunk;
    const size = duckdb.data_chunk_get_size(chunk);
    const vector = (column: number) => duckdb.data_chunk_get_vector(chunk, column);
    for (let f = 0; f < n; f++) {
      const data = duckdb.vector_get_data(vector(f), size * 4);
      codes[CODED_FIELDS[f]].set(new Int32Array(data.buffer, data.byteOffset, size), row);
    }
    const printData = duckdb.vector_get_data(vector(n), size * 4);
    uriPrint.set(new Int32Array(printData.buffer, printData.byteOffset, size), row);
    const uris = strings(vector(n + 1), size);
    const timeVector = vector(n + 2);
    const timeData = duckdb.vector_get_data(timeVector, size * 8);
    const timeValid = duckdb.vector_get_validity(timeVector, Math.ceil(size / 64) * 8);
    time.set(new Float64Array(timeData.buffer, timeData.byteOffset, size), row);
    const odd = duckdb.vector_get_data(vector(n + 3), size);
    const unknown = strings(vector(n + 7), size);
    const unknownValid = duckdb.vector_get_validity(vector(n + 7), Math.ceil(size / 64) * 8);
    // auditID: kind 1 is a UUID in the API server's form (lowercase, dashes), read as DuckDB's 16-byte UUID (no
    // string to fetch); kind 2 another string, given whole as JSON text; 0 null, 3 not a string.
    const idKind = duckdb.vector_get_data(vector(n + 4), size);
    const uuids = duckdb.vector_get_data(vector(n + 5), size * 16);
    const whole = strings(vector(n + 6), size);
    if (bytes + size * 36 > auditIdBytes.length) {
      const grown = new Uint8Array(Math.max(auditIdBytes.length * 2, bytes + size * 36));
      grown.set(auditIdBytes.subarray(0, bytes));
      auditIdBytes = grown;
    }
    for (let i = 0; i < size; i++) {
      if (odd[i] !== 0) return `event ${row + i + 1}: ${ODD[odd[i]]}`;
      if (isValid(unknownValid, i)) {
        const later = JSON.parse(new TextDecoder().decode(unknown.bytes(i))) as unknown[];
        for (let f = 0; f < n; f++)
          if (later[f] !== null) codes[CODED_FIELDS[f]][row + i] = codeOf(CODED_FIELDS[f], later[f]);
      }
      if (!isValid(timeValid, i)) time[row + i] = NaN;
      const kind = idKind[i];
      if (kind === 1) {
        bytes = writeUuid(uuids, i * 16, auditIdBytes, bytes);
      } else if (kind === 2) {
        const value = JSON.parse(new TextDecoder().decode(whole.bytes(i))) as string;
        const encoded = new TextEncoder().encode(value);
        if (bytes + encoded.length + (size - i) * 36 > auditIdBytes.length) {
          const grown = new Uint8Array(auditIdBytes.length * 2 + encoded.length);
          grown.set(auditIdBytes.subarray(0, bytes));
          auditIdBytes = grown;
        }
        auditIdBytes.set(encoded, bytes);
        bytes += encoded.length;
      } else return kind === 0 ? "an event without an auditID" : "an auditID that is not a string";
      auditIdOffsets[row + i + 1] = bytes;
      if (uriPrint[row + i] === -1)
        uriPrint[row + i] = (JSON.parse(new TextDecoder().decode(uris.bytes(i))) as string).length + 1;
    }
    row += size;
  }
  if (row !== rows) return "DuckDB returned fewer rows than it counted";
  return {file: path, rows, codes, auditIdBytes: auditIdBytes.subarray(0, bytes), auditIdOffsets, uriPrint, time};
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
