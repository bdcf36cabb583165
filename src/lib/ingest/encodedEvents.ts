/**
 * Audit events read by a native engine (DuckDB in Node, src/node/duckdbEvents.ts) and handed to the Ingestor as
 * integer columns: per field, a code per row into a list of distinct values (as JSON.parse gives them), to which
 * readAuditEvent's own rules are applied here once per distinct value, so that the Ingestor builds exactly the tables
 * the JSON-lines reader would (docs/data-formats.md, "Two engines").
 */

/** The fields read as dictionaries of JSON texts (codes into the distinct texts, -1 when absent or null). */
export const CODED_FIELDS = [
  "verb",
  "stage",
  "userAgent",
  "sourceIPs",
  "resource",
  "subresource",
  "namespace",
  "name",
  "apiGroup",
  "apiVersion",
  "user",
  "code"
] as const;
export type CodedField = (typeof CODED_FIELDS)[number];

/** One input file's events, in file order. */
export interface EncodedFile {
  file: string;
  rows: number;
  /** Per field, a code per row into `EncodedEvents.values[field]`, or -1 when the field is absent or null. */
  codes: Record<CodedField, Int32Array>;
  /** The auditIDs' UTF-8 bytes, row i at `auditIdBytes[auditIdOffsets[i], auditIdOffsets[i + 1])`. */
  auditIdBytes: Uint8Array;
  auditIdOffsets: Int32Array;
  /** requestURI's length in UTF-16 code units + 1, or 0 when it is not a string (see the Ingestor's requestPrint). */
  uriPrint: Int32Array;
  /** The event time in epoch ms, NaN when the event has none. */
  time: Float64Array;
}

/** What a native reader hands over: each coded field's distinct values as JSON.parse gives them, and the files. */
export interface EncodedEvents {
  values: Record<CodedField, unknown[]>;
  files: EncodedFile[];
}

/** The decoded dictionaries: per field and code, the value readAuditEvent would have put in the row. */
export interface DecodedFields {
  /** Non-empty strings or null (readAuditEvent's `text`), for the string columns. */
  text: Record<Exclude<CodedField, "apiGroup" | "apiVersion" | "code" | "sourceIPs">, (string | null)[]>;
  /** `objectRef.apiGroup` when it is a string ("" kept), else undefined (then apiVersion decides). */
  apiGroup: (string | undefined)[];
  /** The group part of `objectRef.apiVersion` ("group/version"), "" when it has none. */
  apiVersionGroup: string[];
  /** `responseStatus.code` when it is an integer below 2^31 in magnitude, else null. */
  code: (number | null)[];
  /** `sourceIPs[0]` when sourceIPs is an array and that is a non-empty string, else null. */
  sourceIP: (string | null)[];
}

/**
 * Applies readAuditEvent's rules to every field's distinct values; returns the reason when some value would make the
 * JSON-lines reader reject a line (a verb that is not a non-empty string), so that the caller takes that reader.
 * @example decodeFields(encoded.values) // {text: {verb: ["get", "create"], …}, code: [200, 201], …}
 */
export function decodeFields(values: Record<CodedField, unknown[]>): DecodedFields | string {
  const asText = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);
  const text = {} as DecodedFields["text"];
  for (const field of ["verb", "stage", "userAgent", "resource", "subresource", "namespace", "name", "user"] as const)
    text[field] = values[field].map(asText);
  if (values.verb.some((verb) => verb !== undefined && asText(verb) === null))
    return "a verb is not a non-empty string";
  return {
    text,
    apiGroup: values.apiGroup.map((value) => (typeof value === "string" ? value : undefined)),
    apiVersionGroup: values.apiVersion.map((value) => {
      const slash = typeof value === "string" ? value.indexOf("/") : -1;
      return slash > 0 ? (value as string).slice(0, slash) : "";
    }),
    code: values.code.map((code) =>
      typeof code === "number" && Number.isInteger(code) && Math.abs(code) < 2 ** 31 ? code : null
    ),
    sourceIP: values.sourceIPs.map((ips) => (Array.isArray(ips) ? asText(ips[0]) : null))
  };
}
