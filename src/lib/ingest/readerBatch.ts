/**
 * A format reader's output for a run of lines, recorded in a compact, transferable form so that the reading (JSON.parse
 * and the event's fields) can run in another thread while the Ingestor, in order, replays it into its own sink.
 */
import {emptyRow} from "./auditEvent.js";
import type {ReaderSink} from "./formatReader.js";
import type {AuditEventRow} from "./types.js";

/** What a reader sent, in order: events (each row's fields), list actions and problems. */
export interface ReaderBatch {
  /** Non-blank lines read. */
  lines: number;
  /** Per record: 0 event, 1 action, 2 problem. */
  kinds: Uint8Array;
  /** Per event and row field (ROW_KEYS order): 0 null, 1 string, 2 number, 3 false, 4 true. */
  tags: Uint8Array;
  /** Per event and row field: the number, or the index in `strings`. */
  values: Float64Array;
  /** The batch's distinct strings (field values, action names, problem reasons). */
  strings: string[];
  /** Per problem: its line; per action and problem: the index of its name or reason in `strings`. */
  lineNumbers: Int32Array;
  names: Int32Array;
}

/** The fields of an AuditEventRow, in a fixed order (new fields added to emptyRow travel too). */
const ROW_KEYS = Object.keys(emptyRow()) as (keyof AuditEventRow)[];

/**
 * A ReaderSink that records what it is sent; `take()` returns the batch and starts the next.
 * @example const recorder = new BatchRecorder(); reader = new JsonLinesReader(recorder); …; post(recorder.take(lines))
 */
export class BatchRecorder implements ReaderSink {
  private kinds: number[] = [];
  private tags: number[] = [];
  private values: number[] = [];
  private strings: string[] = [];
  private index = new Map<string, number>();
  private lineNumbers: number[] = [];
  private names: number[] = [];

  event(row: AuditEventRow): void {
    this.kinds.push(0);
    for (const key of ROW_KEYS) {
      const value = row[key] as unknown;
      if (value === null || value === undefined) {
        this.tags.push(0);
        this.values.push(0);
      } else if (typeof value === "string") {
        this.tags.push(1);
        this.values.push(this.string(value));
      } else if (typeof value === "number") {
        this.tags.push(2);
        this.values.push(value);
      } else {
        this.tags.push(value ? 4 : 3);
        this.values.push(0);
      }
    }
  }

  action(name: string): void {
    this.kinds.push(1);
    this.names.push(this.string(name));
  }

  reject(line: number, reason: string): void {
    this.kinds.push(2);
    this.lineNumbers.push(line);
    this.names.push(this.string(reason));
  }

  /** The batch so far (with `lines` non-blank lines read), and a fresh start. */
  take(lines: number): ReaderBatch {
    const batch: ReaderBatch = {
      lines,
      kinds: Uint8Array.from(this.kinds),
      tags: Uint8Array.from(this.tags),
      values: Float64Array.from(this.values),
      strings: this.strings,
      lineNumbers: Int32Array.from(this.lineNumbers),
      names: Int32Array.from(this.names)
    };
    this.kinds = [];
    this.tags = [];
    this.values = [];
    this.strings = [];
    this.index = new Map();
    this.lineNumbers = [];
    this.names = [];
    return batch;
  }

  private string(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

/**
 * Sends a recorded batch to a sink, in the order it was recorded (one reused row object for every event).
 * @example replayBatch(batch, sink)
 */
export function replayBatch(batch: ReaderBatch, sink: ReaderSink): void {
  const row = emptyRow() as unknown as Record<string, unknown>;
  const {kinds, tags, values, strings, lineNumbers, names} = batch;
  const width = ROW_KEYS.length;
  let e = 0;
  let n = 0;
  let p = 0;
  for (let k = 0; k < kinds.length; k++) {
    const kind = kinds[k];
    if (kind === 0) {
      for (let f = 0, at = e * width; f < width; f++, at++) {
        const tag = tags[at];
        row[ROW_KEYS[f]] = tag === 0 ? null : tag === 1 ? strings[values[at]] : tag === 2 ? values[at] : tag === 4;
      }
      e++;
      sink.event(row as unknown as AuditEventRow);
    } else if (kind === 1) sink.action(strings[names[n++]]);
    else {
      sink.reject(lineNumbers[p], strings[names[n++]]);
      p++;
    }
  }
}
