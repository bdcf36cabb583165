/** Streaming line splitter: bytes -> lines, without ever holding more than one (bounded) line in memory. */
import {isUtf8} from "node:buffer";
import {HeadLines} from "../lib/ingest/headLines.js";
import {openInput} from "./openInput.js";

export interface RawLine {
  /** 1-based. */
  lineNumber: number;
  /** The line without "\n" (a trailing "\r" and a BOM are left for the ingestor to remove). */
  text: string;
  invalidUtf8?: boolean;
  /** Set instead of `text` when the line was longer than maxLineBytes: its length in bytes. */
  tooLongBytes?: number;
}

export interface ReadLinesOptions {
  /** Longer lines are skipped and reported (default 64 MiB: large RequestResponse events pass, memory stays bounded). */
  maxLineBytes?: number;
}

/** What the splitter found out about a line besides its text (absent for the usual, valid line). */
export interface LineIssue {
  invalidUtf8?: boolean;
  tooLongBytes?: number;
}

export type LineCallback = (lineNumber: number, text: string, issue?: LineIssue) => void;

/**
 * Splits bytes into lines synchronously, calling `onLine` for each. The complete lines of a chunk are checked for
 * UTF-8 and decoded together (one native call each), then cut at "\n"; only a line that spans chunks is copied.
 * @example const splitter = new LineSplitter(onLine); for await (const chunk of stream) splitter.push(chunk); splitter.end();
 */
export class LineSplitter {
  /** Lines passed to onLine so far. */
  lineNumber = 0;
  private readonly maxLineBytes: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  /** > 0 while skipping the rest of a too-long line. */
  private overflowBytes = 0;

  constructor(
    private readonly onLine: LineCallback,
    options: ReadLinesOptions = {}
  ) {
    this.maxLineBytes = options.maxLineBytes ?? 64 * 2 ** 20;
  }

  push(chunk: Uint8Array): void {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const first = buffer.indexOf(10);
    if (first === -1) return this.keep(buffer);
    let start = 0;
    if (this.pendingBytes > 0 || this.overflowBytes > 0) {
      this.takePending(buffer.subarray(0, first));
      start = first + 1;
    }
    const last = buffer.lastIndexOf(10);
    if (last >= start) this.block(buffer.subarray(start, last));
    if (last + 1 < buffer.length) this.keep(buffer.subarray(last + 1));
  }

  /** Emits the last line when the input does not end with a line break. */
  end(): void {
    if (this.pendingBytes > 0 || this.overflowBytes > 0) this.takePending(Buffer.alloc(0));
  }

  /** Complete lines separated by "\n" (the last one's "\n" excluded). */
  private block(bytes: Buffer): void {
    if (!isUtf8(bytes)) {
      // Rare: find the bad line(s) one by one.
      let start = 0;
      for (let end = bytes.indexOf(10); ; end = bytes.indexOf(10, start)) {
        this.line(bytes.subarray(start, end === -1 ? bytes.length : end));
        if (end === -1) return;
        start = end + 1;
      }
    }
    const text = bytes.toString("utf8");
    const max = this.maxLineBytes;
    const check = bytes.length > max;
    let start = 0;
    for (;;) {
      const end = text.indexOf("\n", start);
      const line = end === -1 ? (start === 0 ? text : text.slice(start)) : text.slice(start, end);
      this.lineNumber++;
      // A UTF-16 unit takes at most 3 UTF-8 bytes: only long strings need their bytes counted.
      if (check && line.length * 3 > max && Buffer.byteLength(line) > max)
        this.onLine(this.lineNumber, "", {tooLongBytes: Buffer.byteLength(line)});
      else this.onLine(this.lineNumber, line);
      if (end === -1) return;
      start = end + 1;
    }
  }

  /** One line's bytes, checked on its own. */
  private line(bytes: Buffer): void {
    this.lineNumber++;
    if (bytes.length > this.maxLineBytes) return this.onLine(this.lineNumber, "", {tooLongBytes: bytes.length});
    const text = bytes.toString("utf8");
    if (isUtf8(bytes)) this.onLine(this.lineNumber, text);
    else this.onLine(this.lineNumber, text, {invalidUtf8: true});
  }

  private takePending(piece: Buffer): void {
    if (this.overflowBytes > 0 || this.pendingBytes + piece.length > this.maxLineBytes) {
      const tooLongBytes = this.overflowBytes + this.pendingBytes + piece.length;
      this.pending = [];
      this.pendingBytes = 0;
      this.overflowBytes = 0;
      this.lineNumber++;
      return this.onLine(this.lineNumber, "", {tooLongBytes});
    }
    const bytes = this.pending.length === 0 ? piece : Buffer.concat([...this.pending, piece]);
    this.pending = [];
    this.pendingBytes = 0;
    this.line(bytes);
  }

  private keep(rest: Buffer): void {
    if (rest.length === 0) return;
    if (this.overflowBytes > 0 || this.pendingBytes + rest.length > this.maxLineBytes) {
      this.overflowBytes += this.pendingBytes + rest.length;
      this.pending = [];
      this.pendingBytes = 0;
    } else {
      // Copy: the stream may reuse its buffer.
      this.pending.push(Buffer.from(rest));
      this.pendingBytes += rest.length;
    }
  }
}

/**
 * Reads a plain, gzip or xz file line by line (LF or CRLF); the last line may lack its line break.
 * @example for await (const {lineNumber, text} of readLines("audit.log.gz")) …
 */
export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<RawLine> {
  yield* splitLines(await openInput(path), options);
}

/** Splits a byte stream into lines (exported for tests); prepare uses LineSplitter directly (no promise per line). */
export async function* splitLines(
  chunks: AsyncIterable<Uint8Array>,
  options: ReadLinesOptions = {}
): AsyncGenerator<RawLine> {
  let lines: RawLine[] = [];
  const splitter = new LineSplitter((lineNumber, text, issue) => lines.push({lineNumber, text, ...issue}), options);
  for await (const chunk of chunks) {
    splitter.push(chunk);
    const ready = lines;
    lines = [];
    yield* ready;
  }
  splitter.end();
  yield* lines;
}

/**
 * The first complete lines of the decompressed text, enough to detect the format (HeadLines): leading noise lines
 * (klog or other text, however many; the first 20 kept), then from the first line that opens a known structure,
 * lines until `maxBytes` are read (that first line always whole, however long, up to `maxLineBytes`) or 20
 * non-empty lines. A line longer than `maxLineBytes` is left out (the reader reports it).
 * @example detectFormat(await readHead("audit.log.gz"))
 */
export async function readHead(path: string, maxBytes = 65536, maxLineBytes = 64 * 2 ** 20): Promise<string> {
  const head = new HeadLines(maxBytes);
  let done = false;
  const splitter = new LineSplitter(
    (_, text, issue) => {
      if (!done && issue?.tooLongBytes === undefined) done = head.add(text);
    },
    {maxLineBytes}
  );
  for await (const chunk of await openInput(path)) {
    splitter.push(chunk);
    if (done) return head.text();
  }
  splitter.end();
  return head.text();
}
