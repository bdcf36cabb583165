/** `perfspec templates`: log templates (Drain) of any text log, streaming, with a vocabulary to save and reuse. */
import {readFile, writeFile} from "node:fs/promises";
import {parseArgs} from "node:util";
import {Drain, type DrainVocabulary} from "../lib/templates/drain.js";
import {presetNames, presetOf} from "../lib/templates/presets.js";
import {readLines} from "../node/readLines.js";
import {choice, integer} from "./optionValues.js";
import {UsageError, asUsage, settingsOr2} from "./usage.js";

const HELP = `usage: perfspec templates [--method drain] [--preset <System> | --log-format <format>] <file...>
                          [--vocabulary in.json] [--save out.json] [--json]

Groups the lines of text logs (plain, .gz or .xz) into templates with Drain, one line at a time: variable parts
become <*>. Lines that do not match the log format are reported with their file and line and left out.

options:
  --method M          drain (the only method so far)
  --preset S          Drain's loghub benchmark settings for system S (log format, masks, depth, similarity):
                      ${presetNames.join(", ")}; S+ adds common masks (UUIDs, hex, numbers)
                      where they help on loghub 2k
  --log-format F      loghub log format, e.g. '<Date> <Time> <Level>: <Content>' (default: the whole line is content)
  --mask RE           a regex whose matches become <*> before tokenising (repeatable; adds to the preset's)
  --depth D           parse-tree depth (default 4, or the preset's)
  --similarity S      similarity threshold between 0 and 1 (default 0.4, or the preset's)
  --vocabulary FILE   start from a saved vocabulary (its settings win over the options above)
  --save FILE         write the vocabulary (settings and templates) as JSON
  --json              print JSON: {templates: [{id, template, count}], assignments: [id of each line, null if bad or blank]}
  -h, --help          this help

example:
  perfspec templates --preset HDFS data/loghub-2k/HDFS/HDFS_2k.log.xz`;

interface Settings {
  files: string[];
  drain: () => Promise<Drain>;
  save?: string;
  json: boolean;
}

export async function run(argv: string[]): Promise<number> {
  const settings = settingsOr2("templates", HELP, () => parseSettings(argv));
  if (settings === 2) return 2;
  if (settings === "help") return (console.log(HELP), 0);
  const drain = await settings.drain();
  const assignments: (number | null)[] = [];
  let bad = 0;
  for (const file of settings.files)
    for await (const {lineNumber, text, invalidUtf8, tooLongBytes} of readLines(file)) {
      const line = text.replace(/\r$/, "");
      // Blank lines keep their place in the assignments (null) without being reported.
      if (tooLongBytes === undefined && line.trim() === "") {
        assignments.push(null);
        continue;
      }
      const id = tooLongBytes === undefined ? drain.learn(line) : null;
      if (id === null) {
        bad++;
        const why =
          tooLongBytes !== undefined ? `line too long (${tooLongBytes} bytes)` : "does not match the log format";
        if (bad <= 20) console.error(`${file}:${lineNumber}: ${why}${invalidUtf8 ? " (invalid UTF-8)" : ""}`);
      }
      assignments.push(id);
    }
  if (bad > 20) console.error(`... ${bad} lines left out in all`);
  if (settings.save) await writeFile(settings.save, JSON.stringify(drain.toJSON(), null, 2) + "\n");
  const templates = drain.templates();
  if (settings.json) console.log(JSON.stringify({templates, assignments}));
  else {
    console.log(
      `${assignments.length - bad} lines, ${templates.length} templates${bad ? `, ${bad} lines left out` : ""}`
    );
    for (const t of [...templates].sort((a, b) => b.count - a.count || a.id - b.id))
      console.log(`${String(t.id).padStart(5)} ${String(t.count).padStart(8)}  ${t.template}`);
  }
  return 0;
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
      vocabulary: {type: "string"},
      save: {type: "string"},
      json: {type: "boolean", default: false},
      help: {type: "boolean", short: "h", default: false}
    }
  });
  if (values.help) return "help";
  asUsage(() => choice(values.method, ["drain"], "--method"));
  if (positionals.length === 0) throw new UsageError("no input file");
  if (values.preset && values["log-format"]) throw new UsageError("--preset and --log-format exclude each other");
  const preset = values.preset ? asUsage(() => presetOf(values.preset!)) : undefined;
  const depth = values.depth === undefined ? preset?.depth : asUsage(() => integer(values.depth, "--depth", 3));
  const similarity = values.similarity === undefined ? preset?.similarity : Number(values.similarity);
  if (similarity !== undefined && !(similarity >= 0 && similarity <= 1))
    throw new UsageError(`--similarity must be between 0 and 1, got "${values.similarity}"`);
  const masks = [...(preset?.masks ?? []), ...(values.mask ?? [])];
  for (const mask of masks) asUsage(() => new RegExp(mask));
  const logFormat = values["log-format"] ?? preset?.logFormat;
  const options = {depth, similarity, masks, logFormat};
  asUsage(() => new Drain(options));
  const vocabulary = values.vocabulary;
  return {
    files: positionals,
    save: values.save,
    json: values.json,
    drain: vocabulary
      ? async () => Drain.fromJSON(JSON.parse(await readFile(vocabulary, "utf8")) as DrainVocabulary)
      : async () => new Drain(options)
  };
}
