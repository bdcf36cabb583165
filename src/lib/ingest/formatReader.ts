/** The contract between the Ingestor and its format readers (one reader per input file). */
import type {LineFlags} from "./lineProblems.js";
import type {AuditEventRow} from "./types.js";

/** Where a reader sends what it read; the Ingestor gives each file its own sink. */
export interface ReaderSink {
  /** A usable audit event; the sink copies it, so the reader may reuse `row`. */
  event(row: AuditEventRow): void;
  /** One `verb_resource` action from an action list. */
  action(name: string): void;
  /** A line (1-based) that gave nothing usable, and why; `item` is the index of a bad item inside a list. */
  reject(line: number, reason: string, item?: number): void;
}

/** Reads one input format, line by line. */
export interface FormatReader {
  /**
   * One non-blank line, without its line break, BOM and trailing CR; `flags` say what the host found (a reader
   * decides whether they matter).
   */
  addLine(line: number, text: string, flags?: LineFlags): void;
  /** The file ended: read what is still buffered. */
  end(): void;
}

/**
 * Sends a row to the sink, or rejects the line when the row is a reason.
 * @example addRowOrReject(sink, 7, logstashRecordToRow(record))
 */
export function addRowOrReject(sink: ReaderSink, line: number, row: AuditEventRow | string, item?: number): void {
  if (typeof row === "string") sink.reject(line, row, item);
  else sink.event(row);
}
