/**
 * Spell (Du and Li, ICDM 2016): streaming log parsing by longest common subsequence. A line's content is masked,
 * split on whitespace and `=:,`, and joined to the template it shares the longest common subsequence with, when
 * that subsequence covers at least `tau` of the line's tokens; the template keeps the common tokens and turns the
 * rest into `<*>`. Cheaper look-ups come first, as in the paper: a prefix tree of templates' constant tokens, then
 * a loop checking that a template's constants all occur in the line, then the full LCS scan.
 */
import {compileLogFormat, contentOf, type LogFormat} from "./logFormat.js";
import {WILDCARD, type Template} from "./drain.js";

export interface SpellOptions {
  /** Share of a line's tokens the common subsequence must cover to join a template (Spell's `tau`, default 0.5). */
  tau?: number;
  /** Regular expressions (JavaScript syntax) whose matches are replaced by `<*>` before tokenising. */
  masks?: readonly string[];
  /** A loghub log format such as `<Date> <Time> <Level>: <Content>`; without it the whole line is the content. */
  logFormat?: string;
}

/** The JSON form of a trained Spell: its options and templates (ids are positions). */
export interface SpellVocabulary {
  method: "spell";
  options: {tau: number; masks: string[]; logFormat: string | null};
  templates: Template[];
}

interface PrefixNode {
  children: Map<string, PrefixNode>;
  /** Templates whose constants pass through this node. */
  through: number;
  /** A template whose constants end here. */
  id: number | null;
}

const newNode = (): PrefixNode => ({children: new Map(), through: 0, id: null});

/**
 * A streaming Spell parser.
 * @example const spell = new Spell(); spell.learn("open file a"); spell.learn("open file b"); spell.template(0) // "open file <*>"
 */
export class Spell {
  readonly options: SpellVocabulary["options"];
  private readonly format: LogFormat | null;
  private readonly masks: RegExp[];
  private readonly root = newNode();
  private readonly tokens: string[][] = [];
  private readonly counts: number[] = [];

  constructor(options: SpellOptions = {}) {
    const {tau = 0.5, masks = [], logFormat} = options;
    if (!(tau > 0 && tau <= 1)) throw new Error(`Spell tau must be above 0 and at most 1`);
    this.options = {tau, masks: [...masks], logFormat: logFormat ?? null};
    this.format = logFormat ? compileLogFormat(logFormat) : null;
    this.masks = masks.map((m) => new RegExp(m, "g"));
  }

  /** The content of a line (null when it does not match the log format). */
  content(line: string): string | null {
    if (!this.format) return line;
    return contentOf(this.format, line);
  }

  /** The masked tokens of a content, split on whitespace and `=:,` as in Spell. */
  tokenize(content: string): string[] {
    let text = content;
    for (const mask of this.masks) text = text.replace(mask, WILDCARD);
    return text.split(/[\s=:,]+/).filter((t) => t !== "");
  }

  /** Learns a line: its template id (new or updated), or null when it does not match the log format. */
  learn(line: string): number | null {
    const content = this.content(line);
    if (content === null) return null;
    const tokens = this.tokenize(content);
    const id = this.find(tokens);
    if (id === null) {
      const added = this.tokens.length;
      this.tokens.push(tokens);
      this.counts.push(1);
      this.insert(added);
      return added;
    }
    const template = this.tokens[id];
    const merged = mergeTemplate(lcs(tokens, template), template);
    if (merged.join(" ") !== template.join(" ")) {
      this.remove(id);
      this.tokens[id] = merged;
      this.insert(id);
    }
    this.counts[id]++;
    return id;
  }

  /** The template id a line would join, without learning; null for no template or a line off the log format. */
  match(line: string): number | null {
    const content = this.content(line);
    return content === null ? null : this.find(this.tokenize(content));
  }

  /** All templates, by id. */
  templates(): Template[] {
    return this.tokens.map((t, id) => ({id, template: t.join(" "), count: this.counts[id]}));
  }

  /** The template text of an id. */
  template(id: number): string {
    return this.tokens[id].join(" ");
  }

  toJSON(): SpellVocabulary {
    return {method: "spell", options: {...this.options, masks: [...this.options.masks]}, templates: this.templates()};
  }

  /** Rebuilds a parser from its JSON form; it matches as the saved one and can go on learning. */
  static fromJSON(vocabulary: SpellVocabulary): Spell {
    if (vocabulary?.method !== "spell" || !Array.isArray(vocabulary.templates))
      throw new Error("not a Spell vocabulary (expected {method: 'spell', options, templates})");
    const {logFormat, ...rest} = vocabulary.options;
    const spell = new Spell({...rest, logFormat: logFormat ?? undefined});
    vocabulary.templates.forEach((t, i) => {
      if (t.id !== i) throw new Error(`template ids must be 0, 1, 2, ... (found ${t.id} at position ${i})`);
      spell.tokens.push(t.template === "" ? [] : t.template.split(" "));
      spell.counts.push(t.count);
      spell.insert(i);
    });
    return spell;
  }

  private find(tokens: string[]): number | null {
    const constants = tokens.filter((t) => t !== WILDCARD);
    return this.prefixMatch(constants) ?? this.loopMatch(constants) ?? this.lcsMatch(tokens);
  }

  /**
   * A template met along the line's constants in the prefix tree whose constants cover tau of them: at each node
   * the line's next tokens are tried in order; a node without a template is descended into for good.
   */
  private prefixMatch(constants: string[]): number | null {
    let node = this.root;
    let i = 0;
    while (i < constants.length) {
      const next = node.children.get(constants[i++]);
      if (!next) continue;
      if (next.id === null) node = next;
      else if (this.constantCount(next.id) >= this.options.tau * constants.length) return next.id;
    }
    return null;
  }

  private constantCount(id: number): number {
    let n = 0;
    for (const t of this.tokens[id]) if (t !== WILDCARD) n++;
    return n;
  }

  /** A template not much shorter than the line whose constants all occur in it. */
  private loopMatch(constants: string[]): number | null {
    const present = new Set(constants);
    for (let id = 0; id < this.tokens.length; id++) {
      const template = this.tokens[id];
      if (template.length < 0.5 * constants.length) continue;
      if (template.every((t) => t === WILDCARD || present.has(t))) return id;
    }
    return null;
  }

  /** The template with the longest common subsequence (the shorter template on ties), if it covers tau. */
  private lcsMatch(tokens: string[]): number | null {
    const present = new Set(tokens);
    let best: number | null = null;
    let bestLength = -1;
    for (let id = 0; id < this.tokens.length; id++) {
      const template = this.tokens[id];
      let shared = 0;
      for (const t of new Set(template)) if (present.has(t)) shared++;
      if (shared < 0.5 * tokens.length) continue;
      const length = lcs(tokens, template).length;
      if (length > bestLength || (length === bestLength && template.length < this.tokens[best!].length)) {
        best = id;
        bestLength = length;
      }
    }
    return best !== null && bestLength >= this.options.tau * tokens.length ? best : null;
  }

  private insert(id: number): void {
    let node = this.root;
    for (const token of this.tokens[id]) {
      if (token === WILDCARD) continue;
      let next = node.children.get(token);
      if (!next) node.children.set(token, (next = newNode()));
      next.through++;
      node = next;
    }
    node.id ??= id;
  }

  private remove(id: number): void {
    let node = this.root;
    for (const token of this.tokens[id]) {
      if (token === WILDCARD) continue;
      const next = node.children.get(token);
      if (!next) return;
      if (next.through === 1) {
        node.children.delete(token);
        return;
      }
      // As in Spell, a node keeps its template when others pass through it: the template is found there until
      // it is removed for good, and then found at its new place too.
      next.through--;
      node = next;
    }
  }
}

/**
 * The longest common subsequence of two token lists (one of them, when several).
 * @example lcs(["a", "b", "c"], ["a", "x", "c"]) // ["a", "c"]
 */
export function lcs(a: readonly string[], b: readonly string[]): string[] {
  const n = a.length;
  const m = b.length;
  const table = new Uint16Array((n + 1) * (m + 1));
  for (let i = 1; i <= n; i++)
    for (let j = 1; j <= m; j++)
      table[i * (m + 1) + j] =
        a[i - 1] === b[j - 1]
          ? table[(i - 1) * (m + 1) + j - 1] + 1
          : Math.max(table[(i - 1) * (m + 1) + j], table[i * (m + 1) + j - 1]);
  const result: string[] = [];
  for (let i = n, j = m; i > 0 && j > 0;) {
    const here = table[i * (m + 1) + j];
    if (here === table[(i - 1) * (m + 1) + j]) i--;
    else if (here === table[i * (m + 1) + j - 1]) j--;
    else {
      result.push(a[i - 1]);
      i--;
      j--;
    }
  }
  return result.reverse();
}

/** A template's tokens with those outside the common subsequence as `<*>` (a trailing rest as one `<*>`). */
function mergeTemplate(common: string[], template: string[]): string[] {
  if (common.length === 0) return [];
  const merged: string[] = [];
  let k = 0;
  let i = 0;
  for (; i < template.length && k < common.length; i++) {
    if (template[i] === common[k]) {
      merged.push(template[i]);
      k++;
    } else merged.push(WILDCARD);
  }
  if (i < template.length) merged.push(WILDCARD);
  return merged;
}
