/**
 * Log-format headers in loghub's notation: `<Date> <Time> <Level>: <Content>` names the fields of a line; text
 * between fields is a regular expression in which a run of spaces matches any run of whitespace.
 */

export interface LogFormat {
  /** The format as written, e.g. `<Date> <Time> <Level>: <Content>`. */
  readonly source: string;
  /** Field names in order. */
  readonly headers: readonly string[];
  readonly regex: RegExp;
}

/**
 * Compiles a loghub log format; every field matches lazily and the whole (trimmed) line must match.
 * @example compileLogFormat("<Date> <Time> <Level>: <Content>").headers // ["Date", "Time", "Level", "Content"]
 */
export function compileLogFormat(source: string): LogFormat {
  const parts = source.split(/(<[^<>]+>)/);
  const headers: string[] = [];
  let pattern = "";
  parts.forEach((part, i) => {
    if (i % 2 === 0) pattern += part.replace(/ +/g, "\\s+");
    else {
      const name = part.slice(1, -1);
      if (!/^[A-Za-z_]\w*$/.test(name)) throw new Error(`log format field <${name}> is not a plain name`);
      if (headers.includes(name)) throw new Error(`log format field <${name}> appears twice`);
      headers.push(name);
      // The last field runs to the end of the line, so greedy matches it as lazy would, without the lazy
      // one-character-at-a-time walk to `$` (the content is most of the line).
      pattern += i === parts.length - 2 && parts[i + 1] === "" ? `(?<${name}>.*)` : `(?<${name}>.*?)`;
    }
  });
  if (!headers.includes("Content")) throw new Error(`log format "${source}" has no <Content> field`);
  let regex: RegExp;
  try {
    regex = new RegExp(`^${pattern}$`);
  } catch (error) {
    throw new Error(`log format "${source}" is not a valid pattern: ${(error as Error).message}`, {cause: error});
  }
  return {source, headers, regex};
}

/**
 * The fields of one line, or null when the line does not match the format.
 * @example parseLogLine(compileLogFormat("<Level>: <Content>"), "INFO: started")?.Content // "started"
 */
export function parseLogLine(format: LogFormat, line: string): Record<string, string> | null {
  const groups = format.regex.exec(line.trim())?.groups;
  return groups ? {...groups} : null;
}

/**
 * Only the `<Content>` field of a line (null off the format): the parsers' hot path, without copying the fields.
 * @example contentOf(compileLogFormat("<Level>: <Content>"), "INFO: started") // "started"
 */
export function contentOf(format: LogFormat, line: string): string | null {
  return format.regex.exec(line.trim())?.groups?.Content ?? null;
}
