/** Audit JSON lines: one audit Event (or a one-line EventList) per line, as the API server's log backend writes. */
import {emptyRow, readAuditEvent} from "./auditEvent.js";
import {addEventListItems, isEventList} from "./eventList.js";
import type {FormatReader, ReaderSink} from "./formatReader.js";
import {flagProblem, notJsonProblem, type LineFlags} from "./lineProblems.js";

/**
 * Parses each line as JSON and sends the event to the sink, reusing one row object for every event.
 * @example
 * const reader = new JsonLinesReader(sink);
 * reader.addLine(1, '{"kind":"Event","auditID":"a1","verb":"create","objectRef":{"resource":"pods"}}');
 * reader.addLine(2, "{broken"); // sink.reject(2, "broken JSON (truncated line?): …")
 */
export class JsonLinesReader implements FormatReader {
  /** Reused for every event (no object per event). */
  private readonly scratch = emptyRow();

  constructor(private readonly sink: ReaderSink) {}

  addLine(line: number, text: string, flags?: LineFlags): void {
    const flagged = flagProblem(flags);
    if (flagged !== null) return this.sink.reject(line, flagged);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // JSON cannot hold raw NUL or control characters, so lines are checked for them only when they fail to parse.
      return this.sink.reject(line, notJsonProblem(text, error));
    }
    if (isEventList(value)) {
      const items = value.items;
      if (!Array.isArray(items)) return this.sink.reject(line, "EventList without an items array");
      return addEventListItems(this.sink, line, items);
    }
    const reason = readAuditEvent(value, this.scratch);
    if (reason !== null) this.sink.reject(line, reason);
    else this.sink.event(this.scratch);
  }

  end(): void {}
}
