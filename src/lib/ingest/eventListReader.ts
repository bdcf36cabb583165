/** Audit EventList documents: a pretty-printed `{"kind": "EventList", "items": [...]}` spread over many lines. */
import {auditEventToRow} from "./auditEvent.js";
import {addRowOrReject, type FormatReader, type ReaderSink} from "./formatReader.js";
import {errorMessage, truncatedHint} from "./lineProblems.js";

/**
 * Keeps the document's lines and parses them as one JSON value when the file ends (a pretty-printed document has
 * no line that is JSON on its own). Host flags are ignored: the document is read whole, so no line is too long.
 * @example
 * const reader = new EventListReader(sink);
 * lines.forEach((text, i) => reader.addLine(i + 1, text));
 * reader.end(); // sink.event(...) per item; a broken document is one problem at the line of the JSON error
 */
export class EventListReader implements FormatReader {
  private lines: string[] = [];
  private start = 0;

  constructor(private readonly sink: ReaderSink) {}

  addLine(line: number, text: string): void {
    if (this.lines.length === 0) this.start = line;
    this.lines.push(text);
  }

  end(): void {
    if (this.lines.length === 0) return;
    const text = this.lines.join("\n");
    this.lines = [];
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const position = /position (\d+)/.exec(errorMessage(error));
      const line = position === null ? this.start : this.start + countNewlines(text, Number(position[1]));
      return this.sink.reject(line, `broken EventList JSON${truncatedHint(error)}: ${errorMessage(error)}`);
    }
    const items = isEventList(value) ? value.items : undefined;
    if (!Array.isArray(items)) return this.sink.reject(this.start, "not an EventList with an items array");
    addEventListItems(this.sink, this.start, items);
  }
}

/** Whether a parsed JSON value says it is an EventList (`kind: "EventList"`). */
export function isEventList(value: unknown): value is {kind: "EventList"; items?: unknown} {
  return typeof value === "object" && value !== null && (value as {kind?: unknown}).kind === "EventList";
}

/** Sends every item of an EventList to the sink; an unusable item becomes a problem `items[i]: reason` at `line`. */
export function addEventListItems(sink: ReaderSink, line: number, items: readonly unknown[]): void {
  items.forEach((item, i) => {
    const row = auditEventToRow(item);
    addRowOrReject(sink, line, typeof row === "string" ? `items[${i}]: ${row}` : row);
  });
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
