/** Streaming line splitter: bytes -> lines, without ever holding more than one (bounded) line in memory. */
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
  /** Longer lines are skipped and reported (default 1 MiB). */
  maxLineBytes?: number;
}

const strictUtf8 = new TextDecoder("utf-8", {fatal: true});

/**
 * Reads a plain, gzip or xz file line by line (LF or CRLF); the last line may lack its line break.
 * @example for await (const {lineNumber, text} of readLines("audit.log.gz")) …
 */
export async function* readLines(path: string, options: ReadLinesOptions = {}): AsyncGenerator<RawLine> {
  yield* splitLines(await openInput(path), options);
}

/** Splits a byte stream into lines (exported for tests). */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, options: ReadLinesOptions = {}): AsyncGenerator<RawLine> {
  const maxLineBytes = options.maxLineBytes ?? 1 << 20;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let overflowBytes = 0; // > 0 while skipping the rest of a too-long line
  let lineNumber = 0;

  function take(piece: Buffer): RawLine {
    lineNumber++;
    if (overflowBytes > 0 || pendingBytes + piece.length > maxLineBytes) {
      const tooLongBytes = overflowBytes + pendingBytes + piece.length;
      pending = [];
      pendingBytes = 0;
      overflowBytes = 0;
      return {lineNumber, text: "", tooLongBytes};
    }
    const bytes = pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
    pending = [];
    pendingBytes = 0;
    return decode(lineNumber, bytes);
  }

  for await (const chunk of chunks) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    for (let end = buffer.indexOf(10, start); end !== -1; end = buffer.indexOf(10, start)) {
      yield take(buffer.subarray(start, end));
      start = end + 1;
    }
    const rest = buffer.subarray(start);
    if (rest.length === 0) continue;
    if (overflowBytes > 0 || pendingBytes + rest.length > maxLineBytes) {
      overflowBytes += pendingBytes + rest.length;
      pending = [];
      pendingBytes = 0;
    } else {
      // Copy: the stream may reuse its buffer.
      pending.push(Buffer.from(rest));
      pendingBytes += rest.length;
    }
  }
  if (pendingBytes > 0 || overflowBytes > 0) yield take(Buffer.alloc(0));
}

function decode(lineNumber: number, bytes: Buffer): RawLine {
  const text = bytes.toString("utf8");
  if (!text.includes("\uFFFD")) return {lineNumber, text};
  // A replacement character is either in the data or the sign of bytes that are not UTF-8.
  try {
    strictUtf8.decode(bytes);
    return {lineNumber, text};
  } catch {
    return {lineNumber, text, invalidUtf8: true};
  }
}
