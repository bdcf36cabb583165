/**
 * Pretty-printed audit JSON: JSON values spread over lines. A single Event, a `jq .` stream of Events, an EventList
 * (keys in any order, e.g. `jq -S`) or a `jq -s` array of Events; also GKE entries (a `gcloud logging read
 * --format=json` array) and AKS records bodies (see jsonValue.ts).
 */
import type {FormatReader, ReaderSink} from "./formatReader.js";
import {addJsonValue} from "./jsonValue.js";
import {errorMessage, truncatedHint} from "./lineProblems.js";

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
const COMMA = 44;

/**
 * Finds where each top-level value starts and ends by tracking brackets outside strings, then parses that value
 * alone: a stream of events is read one event at a time, and so is each element of a top-level array; only an
 * EventList document is held whole. Every event or problem carries the line where its object starts.
 * @example
 * const reader = new JsonDocumentReader(sink);
 * ["{", '  "verb": "create",', '  "objectRef": {"resource": "pods"}', "}"].forEach((t, i) => reader.addLine(i + 1, t));
 * reader.end(); // sink.event({verb: "create", action: …}) for the object starting at line 1
 */
export class JsonDocumentReader implements FormatReader {
  /** The open brackets, outermost first. */
  private readonly stack: number[] = [];
  private inString = false;
  private escaped = false;
  /** Inside a top-level array: its elements are the values. */
  private topArray = 0;
  /** The line where the current value starts (0: between values) and its text so far. */
  private start = 0;
  private pieces: string[] = [];
  /** Start lines of the objects in arrays directly inside the current value (an EventList's items). */
  private itemLines: number[] = [];

  constructor(private readonly sink: ReaderSink) {}

  addLine(line: number, text: string): void {
    const stack = this.stack;
    let from = this.start === 0 ? -1 : 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      const valueDepth = this.topArray === 0 ? 0 : 1;
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        const depth = stack.length;
        if (depth === 0 && c === OPEN_ARRAY) this.topArray = line;
        else if (depth === valueDepth) {
          this.start = line;
          from = i;
          this.itemLines = [];
        } else if (
          c === OPEN_OBJECT &&
          depth === valueDepth + 2 &&
          stack[valueDepth] === OPEN_OBJECT &&
          stack[depth - 1] === OPEN_ARRAY
        )
          this.itemLines.push(line);
        stack.push(c);
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        const open = stack.pop();
        if (open !== (c === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY)) {
          return this.abandon(line, `unbalanced "${String.fromCharCode(c)}" at line ${line}`);
        }
        if (this.start !== 0 && stack.length === valueDepth) {
          this.pieces.push(text.slice(from, i + 1));
          from = -1;
          this.emit();
        } else if (stack.length === 0) this.topArray = 0;
      } else if (this.start === 0 && c > 32 && c !== COMMA) {
        // Text between values (a log prefix, a bare string or number): one problem for the line.
        return this.sink.reject(line, `not part of a JSON object: "${printable(text.trim())}"`);
      } else if (c === QUOTE) this.inString = true;
    }
    // A JSON string cannot hold a raw line break: the value is broken (e.g. a cut line).
    if (this.inString) return this.abandon(line, `unterminated string at line ${line}`);
    if (from !== -1) this.pieces.push(from === 0 ? text : text.slice(from));
  }

  end(): void {
    if (this.start !== 0) this.abandon(this.start, "unterminated JSON value (truncated file?)");
    else if (this.topArray !== 0) this.sink.reject(this.topArray, "unterminated JSON array (truncated file?)");
    this.topArray = 0;
  }

  /** Parses the value just closed and sends its events (or the reason it is unusable) to the sink. */
  private emit(): void {
    const start = this.start;
    const text = this.pieces.length === 1 ? this.pieces[0] : this.pieces.join("\n");
    this.pieces = [];
    this.start = 0;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      const position = /position (\d+)/.exec(errorMessage(error));
      const line = position === null ? start : start + countNewlines(text, Number(position[1]));
      return this.sink.reject(line, `broken JSON${truncatedHint(error)}: ${errorMessage(error)}`);
    }
    addJsonValue(this.sink, start, value, this.itemLines);
  }

  /** Drops the value being read (and any enclosing array) as one problem at its start, or at `line`. */
  private abandon(line: number, reason: string): void {
    this.sink.reject(this.start === 0 ? line : this.start, `broken JSON: ${reason}`);
    this.stack.length = 0;
    this.inString = false;
    this.escaped = false;
    this.topArray = 0;
    this.start = 0;
    this.pieces = [];
  }
}

function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, "?").slice(0, 60);
}

function countNewlines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
