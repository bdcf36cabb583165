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
