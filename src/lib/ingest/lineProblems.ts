/** Why a raw line is rejected: what the host found out about it, binary data, or a parser's error message. */

/** What the host found out about a raw line before decoding it (Node's readLines sets these). */
export interface LineFlags {
  /** The bytes were not valid UTF-8. */
  invalidUtf8?: boolean;
  /** The line was longer than the host's limit and was not kept; its length in bytes. */
  tooLongBytes?: number;
}

// Control characters other than tab, LF, CR and ESC: a sign of binary data.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BINARY = /[\x01-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f]/;

/**
 * The reason a flagged line is rejected, or null when the flags are harmless (or absent).
 * @example flagProblem({tooLongBytes: 70000000}) // "line too long (70000000 bytes); skipped"
 */
export function flagProblem(flags: LineFlags | undefined): string | null {
  if (flags === undefined) return null;
  if (flags.tooLongBytes !== undefined) return `line too long (${flags.tooLongBytes} bytes); skipped`;
  if (flags.invalidUtf8) return "invalid UTF-8";
  return null;
}

/**
 * The reason a line looks like binary data (NUL or control characters), or null.
 * @example binaryProblem("a\u0000b") // "NUL bytes (binary data?)"
 */
export function binaryProblem(text: string): string | null {
  if (text.includes("\u0000")) return "NUL bytes (binary data?)";
  if (BINARY.test(text)) return "control characters (binary data?)";
  return null;
}

/** A thrown value's message, cut to 200 characters for a problem report. */
export function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

/** " (truncated line?)" when a JSON parser stopped at the end of its input, else "". */
export function truncatedHint(error: unknown): string {
  return /end of (JSON )?input|Unterminated/i.test(errorMessage(error)) ? " (truncated line?)" : "";
}

const KLOG = /^[IWEF]\d{4} \d{2}:\d{2}:\d{2}\.\d+\s+\d+ \S+:\d+\]/;

/**
 * Why a line that JSON.parse refused is unusable: noise that is not JSON at all (klog, other text) is named as such,
 * so the report can count it by kind; anything else is broken JSON.
 * @example notJsonProblem("I0127 18:28:08.129781       1 controller.go:615] quota …", error) // "not JSON (klog text)"
 */
export function notJsonProblem(text: string, error: unknown): string {
  const binary = binaryProblem(text);
  if (binary !== null) return binary;
  const c = text.trimStart().charCodeAt(0);
  if (c !== 123 && c !== 91) return KLOG.test(text) ? "not JSON (klog text)" : "not JSON (text)";
  return `broken JSON${truncatedHint(error)}: ${errorMessage(error)}`;
}

/**
 * What a rejected line or item holds when it is not an audit Event at all (for the report's count by kind), or null
 * for a damaged or incomplete one.
 * @example otherKind('items[3]: not an audit Event (kind "AdmissionReview")') // "AdmissionReview"
 * @example otherKind("not JSON (klog text)") // "klog text"
 */
export function otherKind(reason: string): string | null {
  const match = /^(?:(?:items|records)\[\d+\]: )?not (?:an audit Event|JSON) \((.*)\)$/.exec(reason);
  if (match === null) return null;
  const kind = /^kind "(.*)"$/.exec(match[1]);
  return kind === null ? match[1] : kind[1];
}
