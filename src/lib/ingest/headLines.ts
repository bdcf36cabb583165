/** The first lines of a text, for format detection and messages (without splitting a whole file). */

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
