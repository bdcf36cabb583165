/**
 * The two template parsers behind one type: Drain and Spell share `learn`, `match`, `templates`, `template` and a
 * JSON vocabulary; `parseLines` runs the learning pass and, for a Drain with `splitValues`, the second pass.
 */
import {Drain, type DrainOptions, type DrainVocabulary} from "./drain.js";
import {Spell, type SpellOptions, type SpellVocabulary} from "./spell.js";

export type TemplateParser = Drain | Spell;
export type TemplateVocabulary = DrainVocabulary | SpellVocabulary;
export type TemplateMethod = "drain" | "spell";

/**
 * A new parser of a method.
 * @example createParser("spell", {tau: 0.6}).learn("a b c") // 0
 */
export function createParser(method: TemplateMethod, options: DrainOptions & SpellOptions = {}): TemplateParser {
  if (method === "spell") return new Spell({tau: options.tau, masks: options.masks, logFormat: options.logFormat});
  const {tau: _tau, ...drain} = options;
  return new Drain(drain);
}

/** A parser from its saved vocabulary, whichever the method. */
export function parserFromJSON(vocabulary: TemplateVocabulary): TemplateParser {
  if (vocabulary?.method === "spell") return Spell.fromJSON(vocabulary);
  if (vocabulary?.method === "drain") return Drain.fromJSON(vocabulary);
  throw new Error("not a template vocabulary (expected {method: 'drain' | 'spell', options, templates})");
}

/** Whether a parser has a second pass (a Drain with `splitValues`). */
export function hasSecondPass(parser: TemplateParser): parser is Drain {
  return parser instanceof Drain && (parser.options.splitValues ?? 0) > 0;
}

/**
 * Learns every line, then (for a parser with a second pass) refines the templates and matches the lines again:
 * the final parser and each line's template id (null for a line off the log format).
 * @example parseLines(new Drain(refinedPresets.OpenSSH), lines).ids
 */
export function parseLines(
  parser: TemplateParser,
  lines: Iterable<string>
): {parser: TemplateParser; ids: (number | null)[]} {
  const kept: string[] = [];
  const ids: (number | null)[] = [];
  const second = hasSecondPass(parser);
  for (const line of lines) {
    ids.push(parser.learn(line));
    if (second) kept.push(line);
  }
  if (!second) return {parser, ids};
  const refined = parser.refine();
  return {parser: refined, ids: kept.map((line, i) => (ids[i] === null ? null : refined.match(line)))};
}
