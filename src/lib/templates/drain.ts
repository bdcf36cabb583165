/**
 * Drain (He et al., ICWS 2017): online log parsing with a fixed-depth parse tree. A line's content is masked
 * (variables matching configured regexes become `<*>`), split on whitespace, routed by its token count and its
 * first tokens to a leaf, and joined to the most similar template there when the share of equal tokens reaches the
 * similarity threshold; otherwise it starts a new template. Joining turns differing tokens into `<*>`.
 */
import {compileLogFormat, contentOf, type LogFormat} from "./logFormat.js";

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
  /**
   * Count a masked token at a template's `<*>` as equal when learning (default false, as in Drain, where a line of
   * masked numbers can never reach the threshold of a template of masked numbers).
   */
  wildcardsEqual?: boolean;
  /**
   * For the second pass (`refine()`): a variable position whose values number at most this many, none holding a
   * digit or a mask, is a constant that splits its template (`VM <*>` → `VM Started`, `VM Paused`); 0 turns the
   * bookkeeping off (default).
   */
  splitValues?: number;
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
  options: Required<Omit<DrainOptions, "logFormat" | "wildcardsEqual" | "splitValues">> &
    Pick<DrainOptions, "wildcardsEqual" | "splitValues"> & {logFormat: string | null};
  templates: Template[];
}

interface Node {
  children: Map<string, Node>;
  /** Template ids, at leaves only. */
  templates: number[];
}

const hasDigit = (token: string) => /\d/.test(token);

/** Joint signatures kept per template before it gives up splitting (bounds memory on odd logs). */
const MAX_SIGNATURES = 256;

/**
 * What a template's lines held at each position, for the second pass: the distinct values per position (null once
 * it holds a digit, a mask or too many values) and how many lines had each joint signature of the values at the
 * positions still tracked.
 */
interface ValueBook {
  values: (Map<string, number> | null)[];
  signatures: Map<string, number> | null;
}

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
  private readonly books: (ValueBook | null)[] = [];

  constructor(options: DrainOptions = {}) {
    const {depth = 4, similarity = 0.4, maxChildren = 100, masks = [], logFormat} = options;
    const {wildcardsEqual = false, splitValues = 0} = options;
    if (!Number.isInteger(depth) || depth < 3) throw new Error(`Drain depth must be an integer of at least 3`);
    if (!(similarity >= 0 && similarity <= 1)) throw new Error(`Drain similarity must be between 0 and 1`);
    if (!Number.isInteger(maxChildren) || maxChildren < 2) throw new Error(`Drain maxChildren must be at least 2`);
    if (!Number.isInteger(splitValues) || splitValues < 0) throw new Error(`Drain splitValues must be an integer >= 0`);
    this.options = {depth, similarity, maxChildren, masks: [...masks], logFormat: logFormat ?? null};
    // Only non-default refinements are written, so vocabularies of plain Drain stay as they were.
    if (wildcardsEqual) this.options.wildcardsEqual = true;
    if (splitValues) this.options.splitValues = splitValues;
    this.format = logFormat ? compileLogFormat(logFormat) : null;
    this.masks = masks.map((m) => new RegExp(m, "g"));
  }

  /** The content of a line (null when it does not match the log format). */
  content(line: string): string | null {
    if (!this.format) return line;
    return contentOf(this.format, line);
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
    const id = this.search(tokens, false);
    if (id === null) return this.add(tokens, 1, true);
    const template = this.tokens[id];
    for (let i = 0; i < template.length; i++) if (template[i] !== tokens[i]) template[i] = WILDCARD;
    this.counts[id]++;
    const book = this.books[id];
    if (book) this.record(book, tokens);
    return id;
  }

  /** The template id a line would join, without learning; null for no template or a line off the log format. */
  match(line: string): number | null {
    const content = this.content(line);
    return content === null ? null : this.search(this.tokenize(content), true);
  }

  /**
   * The second pass: a new parser whose templates are these split by the values that stayed few and word-like at
   * their variable positions (needs `splitValues`), with templates of equal text merged. Match the lines again
   * against it for their final ids.
   * @example const refined = drain.refine(); lines.map((line) => refined.match(line))
   */
  refine(): Drain {
    const split = new Map<string, number>();
    this.tokens.forEach((template, id) => {
      const book = this.books[id];
      const positions = template.flatMap((t, i) =>
        t === WILDCARD && book?.values[i] && book.values[i].size > 1 ? [i] : []
      );
      if (!book?.signatures || positions.length === 0) {
        const key = template.join(" ");
        split.set(key, (split.get(key) ?? 0) + this.counts[id]);
        return;
      }
      for (const [signature, count] of book.signatures) {
        const values = new Map(signature.split("\u0000").map((pair) => pair.split("\u0001") as [string, string]));
        const tokens = [...template];
        for (const i of positions) tokens[i] = values.get(String(i))!;
        const key = tokens.join(" ");
        split.set(key, (split.get(key) ?? 0) + count);
      }
    });
    const refined = new Drain({...this.options, logFormat: this.options.logFormat ?? undefined});
    for (const [template, count] of split) refined.add(template === "" ? [] : template.split(" "), count, false);
    return refined;
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
      drain.add(t.template === "" ? [] : t.template.split(" "), t.count, false);
    });
    return drain;
  }

  private add(tokens: string[], count: number, learned: boolean): number {
    const id = this.tokens.length;
    this.tokens.push([...tokens]);
    this.counts.push(count);
    const splitValues = this.options.splitValues ?? 0;
    if (!splitValues) this.books.push(null);
    else {
      // A template loaded or refined starts its book from its text: its <*> positions stay variable.
      const values = tokens.map((t) => (t === WILDCARD || (learned && !wordLike(t)) ? null : new Map([[t, count]])));
      const book: ValueBook = {values, signatures: new Map()};
      book.signatures!.set(signatureOf(values, tokens), count);
      this.books.push(book);
    }
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

  /** Adds a learned line's tokens to its template's book. */
  private record(book: ValueBook, tokens: string[]): void {
    const max = this.options.splitValues ?? 0;
    const {values} = book;
    for (let i = 0; i < values.length; i++) {
      const seen = values[i];
      if (!seen) continue;
      const token = tokens[i];
      const n = seen.get(token);
      if (n !== undefined) seen.set(token, n + 1);
      else if (!wordLike(token) || seen.size >= max) values[i] = null;
      else seen.set(token, 1);
    }
    if (!book.signatures) return;
    const signature = signatureOf(values, tokens);
    book.signatures.set(signature, (book.signatures.get(signature) ?? 0) + 1);
    if (book.signatures.size > MAX_SIGNATURES) book.signatures = null;
  }

  /**
   * The best template at the line's leaf. Learning scores as Drain (the share of equal tokens, a template's `<*>`
   * counting only under `wildcardsEqual` for a masked token); matching lets a `<*>` accept any token and prefers
   * the most specific template among the best.
   */
  private search(tokens: string[], matching: boolean): number | null {
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
    const wildcardsEqual = this.options.wildcardsEqual === true;
    for (const id of node.templates) {
      const template = this.tokens[id];
      let same = 0;
      let wildcards = 0;
      let equal = 0;
      for (let i = 0; i < template.length; i++) {
        if (template[i] === tokens[i]) equal++;
        if (template[i] === WILDCARD) {
          wildcards++;
          if (matching || (wildcardsEqual && tokens[i] === WILDCARD)) same++;
        } else if (template[i] === tokens[i]) same++;
      }
      // A line equal to a template once masked joins it: Drain would start one more identical template per such
      // line (HDFS's `ask <*> to delete <*> <*> ...`), so a stream's templates would grow without end.
      if (!matching && template.length > 0 && equal === template.length) return id;
      const similarity = template.length === 0 ? 1 : same / template.length;
      // Learning prefers the most general template among equals (as Drain); matching the most specific.
      const better = matching ? wildcards < bestWildcards : wildcards > bestWildcards;
      if (similarity > bestSimilarity || (similarity === bestSimilarity && better)) {
        best = id;
        bestSimilarity = similarity;
        bestWildcards = wildcards;
      }
    }
    return bestSimilarity >= this.options.similarity ? best : null;
  }
}

/** A value that can be a constant word of a template: no digit, no mask. */
function wordLike(token: string): boolean {
  return !hasDigit(token) && !token.includes(WILDCARD);
}

function signatureOf(values: readonly (Map<string, number> | null)[], tokens: readonly string[]): string {
  let signature = "";
  let first = true;
  for (let i = 0; i < values.length; i++)
    if (values[i]) {
      signature += (first ? "" : "\u0000") + i + "\u0001" + tokens[i];
      first = false;
    }
  return signature;
}
