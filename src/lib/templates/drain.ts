/**
 * Drain (He et al., ICWS 2017): online log parsing with a fixed-depth parse tree. A line's content is masked
 * (variables matching configured regexes become `<*>`), split on whitespace, routed by its token count and its
 * first tokens to a leaf, and joined to the most similar template there when the share of equal tokens reaches the
 * similarity threshold; otherwise it starts a new template. Joining turns differing tokens into `<*>`.
 */
import {compileLogFormat, parseLogLine, type LogFormat} from "./logFormat.js";

export const WILDCARD = "<*>";

export interface DrainOptions {
  /** Depth of the leaves, counting the root and the token-count layer (Drain's `depth`, default 4). */
  depth?: number;
  /** Minimum share of equal tokens to join a template (Drain's `st`, default 0.4). */
  similarity?: number;
  /** Maximum children of an inner node (default 100). */
  maxChildren?: number;
  /** Regular expressions (JavaScript syntax) whose matches are replaced by `<*>` before tokenising. */
  masks?: readonly string[];
  /** A loghub log format such as `<Date> <Time> <Level>: <Content>`; without it the whole line is the content. */
  logFormat?: string;
}

export interface Template {
  id: number;
  /** Tokens joined by one space, variables as `<*>`. */
  template: string;
  /** Lines learned into it. */
  count: number;
}

/** The JSON form of a trained Drain: its options and templates (ids are positions). */
export interface DrainVocabulary {
  method: "drain";
  options: Required<Omit<DrainOptions, "logFormat">> & {logFormat: string | null};
  templates: Template[];
}

interface Node {
  children: Map<string, Node>;
  /** Template ids, at leaves only. */
  templates: number[];
}

const hasDigit = (token: string) => /\d/.test(token);

/**
 * A streaming Drain parser.
 * @example const drain = new Drain({masks: ["blk_-?\\d+"]}); drain.learn("open blk_1 ok"); drain.match("open blk_2 ok") // 0
 */
export class Drain {
  readonly options: DrainVocabulary["options"];
  private readonly format: LogFormat | null;
  private readonly masks: RegExp[];
  private readonly roots = new Map<number, Node>();
  private readonly tokens: string[][] = [];
  private readonly counts: number[] = [];

  constructor(options: DrainOptions = {}) {
    const {depth = 4, similarity = 0.4, maxChildren = 100, masks = [], logFormat} = options;
    if (!Number.isInteger(depth) || depth < 3) throw new Error(`Drain depth must be an integer of at least 3`);
    if (!(similarity >= 0 && similarity <= 1)) throw new Error(`Drain similarity must be between 0 and 1`);
    if (!Number.isInteger(maxChildren) || maxChildren < 2) throw new Error(`Drain maxChildren must be at least 2`);
    this.options = {depth, similarity, maxChildren, masks: [...masks], logFormat: logFormat ?? null};
    this.format = logFormat ? compileLogFormat(logFormat) : null;
    this.masks = masks.map((m) => new RegExp(m, "g"));
  }

  /** The content of a line (null when it does not match the log format). */
  content(line: string): string | null {
    if (!this.format) return line;
    return parseLogLine(this.format, line)?.Content ?? null;
  }

  /** The masked tokens of a content. */
  tokenize(content: string): string[] {
    let text = content;
    for (const mask of this.masks) text = text.replace(mask, WILDCARD);
    const trimmed = text.trim();
    return trimmed === "" ? [] : trimmed.split(/\s+/);
  }

  /** Learns a line: returns its template id (new or updated), or null when it does not match the log format. */
  learn(line: string): number | null {
    const content = this.content(line);
    return content === null ? null : this.learnContent(content);
  }

  /** Learns a line's content (header already removed). */
  learnContent(content: string): number {
    const tokens = this.tokenize(content);
    const id = this.search(tokens);
    if (id === null) return this.add(tokens, 1);
    const template = this.tokens[id];
    for (let i = 0; i < template.length; i++) if (template[i] !== tokens[i]) template[i] = WILDCARD;
    this.counts[id]++;
    return id;
  }

  /** The template id a line would join, without learning; null for no template or a line off the log format. */
  match(line: string): number | null {
    const content = this.content(line);
    return content === null ? null : this.search(this.tokenize(content));
  }

  /** All templates, by id. */
  templates(): Template[] {
    return this.tokens.map((t, id) => ({id, template: t.join(" "), count: this.counts[id]}));
  }

  /** The template text of an id. */
  template(id: number): string {
    return this.tokens[id].join(" ");
  }

  toJSON(): DrainVocabulary {
    return {method: "drain", options: {...this.options, masks: [...this.options.masks]}, templates: this.templates()};
  }

  /** Rebuilds a parser from its JSON form; it matches as the saved one and can go on learning. */
  static fromJSON(vocabulary: DrainVocabulary): Drain {
    if (vocabulary?.method !== "drain" || !Array.isArray(vocabulary.templates))
      throw new Error("not a Drain vocabulary (expected {method: 'drain', options, templates})");
    const {logFormat, ...rest} = vocabulary.options;
    const drain = new Drain({...rest, logFormat: logFormat ?? undefined});
    vocabulary.templates.forEach((t, i) => {
      if (t.id !== i) throw new Error(`template ids must be 0, 1, 2, ... (found ${t.id} at position ${i})`);
      drain.add(t.template === "" ? [] : t.template.split(" "), t.count);
    });
    return drain;
  }

  private add(tokens: string[], count: number): number {
    const id = this.tokens.length;
    this.tokens.push([...tokens]);
    this.counts.push(count);
    let node: Node | undefined = this.roots.get(tokens.length);
    if (!node) this.roots.set(tokens.length, (node = {children: new Map(), templates: []}));
    const layers = Math.min(this.options.depth - 3, tokens.length);
    const max = this.options.maxChildren;
    for (let i = 0; i < layers; i++) {
      const token = tokens[i];
      let next: Node | undefined = node.children.get(token);
      if (!next) {
        const wildcard = node.children.get(WILDCARD);
        // Tokens with digits are likely variables: they share the wildcard branch; others get their own until full.
        if (hasDigit(token) || (wildcard ? node.children.size >= max : node.children.size + 1 > max)) {
          next = wildcard;
          if (!next) node.children.set(WILDCARD, (next = {children: new Map(), templates: []}));
        } else if (!wildcard && node.children.size + 1 === max) {
          node.children.set(WILDCARD, (next = {children: new Map(), templates: []}));
        } else node.children.set(token, (next = {children: new Map(), templates: []}));
      }
      node = next;
    }
    node.templates.push(id);
    return id;
  }

  private search(tokens: string[]): number | null {
    let node = this.roots.get(tokens.length);
    if (!node) return null;
    const layers = Math.min(this.options.depth - 3, tokens.length);
    for (let i = 0; i < layers; i++) {
      const next: Node | undefined = node.children.get(tokens[i]) ?? node.children.get(WILDCARD);
      if (!next) return null;
      node = next;
    }
    let best: number | null = null;
    let bestSimilarity = -1;
    let bestWildcards = -1;
    for (const id of node.templates) {
      const template = this.tokens[id];
      let same = 0;
      let wildcards = 0;
      for (let i = 0; i < template.length; i++) {
        if (template[i] === WILDCARD) wildcards++;
        else if (template[i] === tokens[i]) same++;
      }
      const similarity = template.length === 0 ? 1 : same / template.length;
      if (similarity > bestSimilarity || (similarity === bestSimilarity && wildcards > bestWildcards)) {
        best = id;
        bestSimilarity = similarity;
        bestWildcards = wildcards;
      }
    }
    return bestSimilarity >= this.options.similarity ? best : null;
  }
}
