/** The first lines of a text, for format detection and messages (without splitting a whole file). */
import {ACTION_PATTERN} from "./actionList.js";
import {binaryProblem} from "./lineProblems.js";

/**
 * The first `max` non-empty lines, trimmed.
 * @example firstLines("\n a \nb\nc", 2) // ["a", "b"]
 */
export function firstLines(text: string, max: number): string[] {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < max && start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    const line = text.slice(start, end).trim();
    if (line !== "") lines.push(line);
    start = end + 1;
  }
  return lines;
}

// Logstash's first column is the host as a JSON string ("{""name"":""k8s-master-perfspec""}"), then a timestamp.
export const LOGSTASH_ROW = /^"\{(?:[^"]|"")*\}",\d{4}-\d{2}-\d{2}T/;
/** A CRI log line: `<RFC3339 time> stdout|stderr F|P <payload>`. */
export const CRI_ROW = /^\d{4}-\d{2}-\d{2}T\S+ (?:stdout|stderr) [FP](?::\S*)?(?: |$)/;
const KEEP = 20;

/**
 * Collects the lines that decide an input's format: leading noise (klog or other text, however many lines: they
 * are counted, and the first 20 kept for messages), then, from the first line that opens a known structure (JSON, a
 * CRI or Logstash row, or an action list from the very first line), up to 20 non-empty lines or `maxBytes`.
 * @example
 * const head = new HeadLines();
 * for (const line of lines) if (head.add(line)) break;
 * head.lines // ['{"kind":"Event",…}', …]; head.noise // ["I0127 18:28:08.1 1 x.go:1] …"]
 */
export class HeadLines {
  /** The first 20 noise lines (trimmed). */
  readonly noise: string[] = [];
  noiseCount = 0;
  /** Non-empty lines (trimmed) from the first structured one. */
  readonly lines: string[] = [];
  private bytes = 0;
  private binary = false;

  constructor(private readonly maxBytes = 65536) {}

  /** Adds a line; returns true when enough has been seen. */
  add(raw: string): boolean {
    const line = raw.charCodeAt(0) === 0xfeff ? raw.slice(1).trim() : raw.trim();
    if (line === "") return this.done;
    if (this.lines.length === 0 && !this.opensStructure(line)) {
      // Binary data is not a log with noise in front: detection stops (the file is described from these lines).
      if (line.includes("\ufffd") || binaryProblem(line) !== null) this.binary = true;
      this.noiseCount++;
      if (this.noise.length < KEEP) this.noise.push(line.slice(0, 1000));
      return this.binary;
    }
    this.lines.push(line);
    this.bytes += line.length;
    return this.done;
  }

  get done(): boolean {
    return this.binary || this.lines.length >= KEEP || (this.lines.length > 0 && this.bytes >= this.maxBytes);
  }

  /** The kept lines as one text (what detectFormat and describeInput read). */
  text(): string {
    return [...this.noise, ...this.lines].join("\n");
  }

  private opensStructure(line: string): boolean {
    const c = line.charCodeAt(0);
    if (c === 123 || c === 91) return true; // { or [
    if (this.noiseCount === 0 && ACTION_PATTERN.test(line)) return true;
    return CRI_ROW.test(line) || LOGSTASH_ROW.test(line);
  }
}

/**
 * The head of a text already in memory (a pasted log): lines until HeadLines has seen enough.
 * @example headLines(text).lines[0]
 */
export function headLines(text: string, maxBytes?: number): HeadLines {
  const head = new HeadLines(maxBytes);
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    if (head.add(text.slice(start, end))) break;
    start = end + 1;
  }
  return head;
}
