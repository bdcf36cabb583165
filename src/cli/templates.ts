/** `perfspec templates`: log templates (Drain or Spell) of any text log, streaming, with a vocabulary to save and reuse. */
import {readFile, writeFile} from "node:fs/promises";
import {parseArgs} from "node:util";
import {
  createParser,
  hasSecondPass,
  parserFromJSON,
  type TemplateParser,
  type TemplateVocabulary
} from "../lib/templates/parser.js";
import {presetNames, presetOf, spellPresets} from "../lib/templates/presets.js";
import {compileLogFormat, parseLogLine, type LogFormat} from "../lib/templates/logFormat.js";
import {keyFile, sessionsByIdentifier, sessionsByWindow} from "../lib/templates/templateSessions.js";
import {readLines} from "../node/readLines.js";
import {choice, integer} from "./optionValues.js";
import {UsageError, asUsage, settingsOr2} from "./usage.js";

const HELP = `usage: perfspec templates [--method drain|spell] [--preset <System> | --log-format <format>] <file...>
                          [--sessions-by RE | --window S] [--keys-out F]
                          [--vocabulary in.json] [--save out.json] [--json]

Groups the lines of text logs (plain, .gz or .xz) into templates with Drain or Spell, one line at a time: variable
parts become <*>. Lines that do not match the log format are reported with their file and line and left out.

options:
  --method M          drain (default) or spell
  --preset S          the loghub benchmark settings for system S (log format, masks; Drain's depth and similarity,
                      Spell's tau): ${presetNames.join(", ")};
                      S+ (Drain only) is the refined preset: common masks (UUIDs, hex, numbers) and a second pass
                      that splits templates by their few word-like values; the files are read twice
  --log-format F      loghub log format, e.g. '<Date> <Time> <Level>: <Content>' (default: the whole line is content)
  --mask RE           a regex whose matches become <*> before tokenising (repeatable; adds to the preset's)
  --depth D           parse-tree depth (default 4, or the preset's)
  --similarity S      similarity threshold between 0 and 1 (default 0.4, or the preset's)
  --tau T             Spell's share of a line's tokens the common subsequence must cover (default 0.5, or the preset's)
  --sessions-by RE    group the template ids into sessions by the identifiers RE finds in each line (HDFS block
                      ids: 'blk_-?\\d+'), for DeepLog ('perfspec detect --format sequences')
  --window S          or into fixed windows of S seconds, by the log format's time field
  --time-field F      that field (default Timestamp: epoch seconds, as BGL's; other text is read by Date.parse)
  --keys-out FILE     write the sessions as a DeepLog key file (one session per line, keys = template id + 1)
  --vocabulary FILE   start from a saved vocabulary (its settings win over the options above)
  --save FILE         write the vocabulary (settings and templates) as JSON
  --json              print JSON: {templates: [{id, template, count}], assignments: [id of each line, null if bad or blank]}
  -h, --help          this help

example:
  perfspec templates --preset HDFS data/loghub-2k/HDFS/HDFS_2k.log.xz`;

interface Settings {
  files: string[];
  parser: () => Promise<TemplateParser>;
  save?: string;
  json: boolean;
  sessions?: {by: RegExp} | {window: number; timeField: string; format: LogFormat};
  keysOut?: string;
}

export async function run(argv: string[]): Promise<number> {
  const settings = settingsOr2("templates", HELP, () => parseSettings(argv));
  if (settings === 2) return 2;
  if (settings === "help") return (console.log(HELP), 0);
  let parser = await settings.parser();
  const assignments: (number | null)[] = [];
  // What sessions need of each line: its identifiers (joined by spaces) or its time.
  const identifiers: string[] = [];
  const times: (number | null)[] = [];
  const want = settings.sessions;
  let bad = 0;
  for await (const {file, lineNumber, line, issue} of lines(settings.files)) {
    if (want && "by" in want) identifiers.push(line?.match(want.by)?.join(" ") ?? "");
    if (want && "window" in want) times.push(line === null ? null : timeOf(want.format, want.timeField, line));
    if (line === null && issue === undefined) {
      assignments.push(null);
      continue;
    }
    const id = line === null ? null : parser.learn(line);
    if (id === null) {
      bad++;
      if (bad <= 20) console.error(`${file}:${lineNumber}: ${issue ?? "does not match the log format"}`);
    }
    assignments.push(id);
  }
  if (bad > 20) console.error(`... ${bad} lines left out in all`);
  if (hasSecondPass(parser)) {
    // The second pass: refined templates, and every line matched against them (the files are read again).
    parser = parser.refine();
    let i = 0;
    for await (const {line} of lines(settings.files)) {
      if (assignments[i] !== null) assignments[i] = parser.match(line!);
      i++;
    }
  }
  if (settings.save) await writeFile(settings.save, JSON.stringify(parser.toJSON(), null, 2) + "\n");
  const templates = parser.templates();
  const sessions = !want
    ? undefined
    : "by" in want
      ? sessionsByIdentifier(identifiers, assignments, want.by)
      : sessionsByWindow(times, assignments, want.window);
  if (settings.keysOut && sessions) await writeFile(settings.keysOut, keyFile(sessions));
  if (sessions && !settings.json) console.error(`${sessions.length} sessions`);
  if (settings.json)
    console.log(
      JSON.stringify({
        templates,
        assignments,
        ...(sessions ? {sessions: sessions.map(({key, ids}) => ({key, ids}))} : {})
      })
    );
  else {
    console.log(
      `${assignments.length - bad} lines, ${templates.length} templates${bad ? `, ${bad} lines left out` : ""}`
    );
    for (const t of [...templates].sort((a, b) => b.count - a.count || a.id - b.id))
      console.log(`${String(t.id).padStart(5)} ${String(t.count).padStart(8)}  ${t.template}`);
  }
  return 0;
}

/** A line's time in seconds from the log format's field: a number as it is, other text by Date.parse. */
function timeOf(format: LogFormat, field: string, line: string): number | null {
  const value = parseLogLine(format, line)?.[field];
  if (value === undefined || value === "") return null;
  const number = Number(value);
  if (Number.isFinite(number)) return number;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed / 1000;
}

/** The lines of the files in order: null with no issue for a blank line, null with the issue for a bad one. */
async function* lines(
  files: string[]
): AsyncGenerator<{file: string; lineNumber: number; line: string | null; issue?: string}> {
  for (const file of files)
    for await (const {lineNumber, text, invalidUtf8, tooLongBytes} of readLines(file)) {
      if (tooLongBytes !== undefined) {
        yield {file, lineNumber, line: null, issue: `line too long (${tooLongBytes} bytes)`};
        continue;
      }
      const line = text.replace(/\r$/, "");
      // Blank lines keep their place in the assignments (null) without being reported.
      if (line.trim() === "") yield {file, lineNumber, line: null};
      else
        yield {
          file,
          lineNumber,
          line,
          issue: `does not match the log format${invalidUtf8 ? " (invalid UTF-8)" : ""}`
        };
    }
}

function parseSettings(argv: string[]): Settings | "help" {
  const {values, positionals} = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      method: {type: "string", default: "drain"},
      preset: {type: "string"},
      "log-format": {type: "string"},
      mask: {type: "string", multiple: true},
      depth: {type: "string"},
      similarity: {type: "string"},
      tau: {type: "string"},
      "sessions-by": {type: "string"},
      window: {type: "string"},
      "time-field": {type: "string", default: "Timestamp"},
      "keys-out": {type: "string"},
      vocabulary: {type: "string"},
      save: {type: "string"},
      json: {type: "boolean", default: false},
      help: {type: "boolean", short: "h", default: false}
    }
  });
  if (values.help) return "help";
  const method = asUsage(() => choice(values.method, ["drain", "spell"] as const, "--method"));
  if (positionals.length === 0) throw new UsageError("no input file");
  if (values.preset && values["log-format"]) throw new UsageError("--preset and --log-format exclude each other");
  if (method === "spell" && values.preset?.endsWith("+"))
    throw new UsageError(`--preset ${values.preset}: refined presets (+) are for Drain only`);
  const preset = values.preset ? asUsage(() => presetOf(values.preset!)) : undefined;
  const system = presetNames.find((p) => p.toLowerCase() === values.preset?.replace(/\+$/, "").toLowerCase());
  const spellPreset = system && method === "spell" ? spellPresets[system] : undefined;
  const depth = values.depth === undefined ? preset?.depth : asUsage(() => integer(values.depth, "--depth", 3));
  const similarity = values.similarity === undefined ? preset?.similarity : Number(values.similarity);
  if (similarity !== undefined && !(similarity >= 0 && similarity <= 1))
    throw new UsageError(`--similarity must be between 0 and 1, got "${values.similarity}"`);
  const tau = values.tau === undefined ? spellPreset?.tau : Number(values.tau);
  if (tau !== undefined && !(tau > 0 && tau <= 1))
    throw new UsageError(`--tau must be above 0 and at most 1, got "${values.tau}"`);
  const masks = [...(preset?.masks ?? []), ...(values.mask ?? [])];
  for (const mask of masks) asUsage(() => new RegExp(mask));
  const logFormat = values["log-format"] ?? preset?.logFormat;
  const options = {depth, similarity, tau, masks, logFormat, splitValues: preset?.splitValues};
  asUsage(() => createParser(method, options));
  const vocabulary = values.vocabulary;
  if (values["sessions-by"] !== undefined && values.window !== undefined)
    throw new UsageError("--sessions-by and --window exclude each other");
  let sessions: Settings["sessions"];
  if (values["sessions-by"] !== undefined) sessions = {by: asUsage(() => new RegExp(values["sessions-by"]!, "g"))};
  else if (values.window !== undefined) {
    const window = Number(values.window);
    if (!(window > 0)) throw new UsageError(`--window must be a positive number of seconds, got "${values.window}"`);
    if (!logFormat) throw new UsageError("--window needs a log format (--preset or --log-format) with a time field");
    const format = compileLogFormat(logFormat);
    const timeField = values["time-field"];
    if (!format.headers.includes(timeField))
      throw new UsageError(`--time-field ${timeField} is not a field of the log format (${format.headers.join(", ")})`);
    sessions = {window, timeField, format};
  }
  if (values["keys-out"] !== undefined && !sessions) throw new UsageError("--keys-out needs --sessions-by or --window");
  return {
    files: positionals,
    save: values.save,
    json: values.json,
    sessions,
    keysOut: values["keys-out"],
    parser: vocabulary
      ? async () => parserFromJSON(JSON.parse(await readFile(vocabulary, "utf8")) as TemplateVocabulary)
      : async () => createParser(method, options)
  };
}
