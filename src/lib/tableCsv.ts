/**
 * A table's rows as CSV text (RFC 4180, via d3-dsv): the raw values, not the page's formatting, so a spreadsheet
 * gets numbers it can compute with. Dates become ISO 8601 (UTC); nested values become JSON.
 * @example tableCsv([{action: "create_pods", n: 3}]) // "action,n\ncreate_pods,3"
 */
import {csvFormat} from "d3";

export function tableCsv(rows: readonly Record<string, unknown>[], columns?: readonly string[]): string {
  const names = columns ?? [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return csvFormat(
    rows.map((row) => Object.fromEntries(names.map((name) => [name, csvCell(row[name])]))),
    [...names]
  );
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "object")
    return JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? String(v) : v));
  return String(value);
}
