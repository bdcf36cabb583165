/**
 * Audit events read by a native engine (DuckDB in Node, src/node/duckdbEvents.ts) and handed to the Ingestor as
 * batches of integer columns: per field, a code per row into that field's distinct values (as JSON.parse gives
 * them), to which readAuditEvent's rules are applied here once per distinct value, so that the Ingestor builds exactly
 * the tables the JSON-lines reader would (docs/data-formats.md, "Two engines").
 */

/** The fields read as codes (-1 when absent or null). */
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

/** The string fields, read with readAuditEvent's `text` (a non-empty string, else null). */
export type TextField = "verb" | "stage" | "userAgent" | "resource" | "subresource" | "namespace" | "name" | "user";
const TEXT_FIELDS: readonly string[] = [
  "verb",
  "stage",
  "userAgent",
  "resource",
  "subresource",
  "namespace",
  "name",
  "user"
];

/** Consecutive events of one file, in file order. */
export interface EncodedBatch {
  rows: number;
  /** Per field, a code per row into the field's values in DecodedFields, or -1 when absent or null. */
  codes: Record<CodedField, Int32Array>;
  /**
   * Row i's auditID: when `auditIdKind[i]` is 1, a UUID in canonical form (lowercase, dashes), given as DuckDB's 16
   * bytes at `uuids[16 i, 16 i + 16)`; when 2, any other string, as UTF-8 bytes at
   * `auditIdBytes[auditIdOffsets[i], auditIdOffsets[i + 1])`.
   */
  auditIdKind: Uint8Array;
  uuids: Uint8Array;
  auditIdBytes: Uint8Array;
  auditIdOffsets: Int32Array;
  /** requestURI's length in UTF-16 code units + 1, or 0 when it is not a string (see the Ingestor's requestPrint). */
  uriPrint: Int32Array;
  /** The event time in epoch ms, NaN when the event has none. */
  time: Float64Array;
}

/**
 * Every field's distinct values, each decoded once into what readAuditEvent would put in a row; the arrays only grow
 * (codes stay valid while batches arrive).
 * @example const fields = new DecodedFields(); fields.add("code", 200) // 0; fields.code[0] === 200
 */
export class DecodedFields {
  /** Non-empty strings or null, per code, for the string fields. */
  readonly text = Object.fromEntries(TEXT_FIELDS.map((field) => [field, []])) as unknown as Record<
    TextField,
    (string | null)[]
  >;
  /** `objectRef.apiGroup` when it is a string ("" kept), else null (then apiVersion decides). */
  readonly apiGroup: (string | null)[] = [];
  /** The group part of `objectRef.apiVersion` ("group/version"), "" when it has none. */
  readonly apiVersionGroup: string[] = [];
  /** `responseStatus.code` when it is an integer below 2^31 in magnitude, else null. */
  readonly code: (number | null)[] = [];
  /** `sourceIPs[0]` when sourceIPs is an array and that is a non-empty string, else null. */
  readonly sourceIP: (string | null)[] = [];

  /**
   * Adds a field's next value (`undefined` for a placeholder that no row uses) and returns its code. Throws when the
   * JSON-lines reader would reject the line that holds it (a verb that is not a non-empty string).
   */
  add(field: CodedField, value: unknown): number {
    switch (field) {
      case "apiGroup":
        return this.apiGroup.push(typeof value === "string" ? value : null) - 1;
      case "apiVersion": {
        const slash = typeof value === "string" ? value.indexOf("/") : -1;
        return this.apiVersionGroup.push(slash > 0 ? (value as string).slice(0, slash) : "") - 1;
      }
      case "code":
        return (
          this.code.push(
            typeof value === "number" && Number.isInteger(value) && Math.abs(value) < 2 ** 31 ? value : null
          ) - 1
        );
      case "sourceIPs":
        return this.sourceIP.push(Array.isArray(value) ? asText(value[0]) : null) - 1;
      default:
        if (field === "verb" && value !== undefined && asText(value) === null)
          throw new Error("a verb that is not a non-empty string");
        return this.text[field].push(asText(value)) - 1;
    }
  }
}

function asText(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}
