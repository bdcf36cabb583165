/**
 * Reads a few fields of a JSON object out of a larger string without JSON.parse building the whole object: the
 * scanner checks every character of the line against the JSON grammar (so it accepts exactly what JSON.parse accepts,
 * or gives up) and keeps only the fields named in a FieldTree, as the same values JSON.parse would give. On an audit
 * log this is what lets ingestion skip the ~40 keys per event it never reads (docs/benchmarks.md, "Ingest").
 */

/**
 * What to keep of a field: `"value"` a scalar as JSON.parse gives it (a fresh string, for per-event values such as
 * IDs and timestamps); `"shared"` the same, but equal strings come back as one shared string object (for
 * low-cardinality values: later look-ups by that string are cheap); a FieldTree, an object whose named fields are
 * kept; `["shared"]`, an array of which only the first element is kept (a scalar).
 */
export type FieldSpec = "value" | "shared" | FieldTree | readonly ["shared"];
export interface FieldTree {
  readonly [name: string]: FieldSpec;
}

const enum Kind {
  Value,
  Shared,
  Object,
  First
}

interface FieldNode {
  kind: Kind;
  level: Level | null;
}

/** Nesting deeper than this inside a line is left to JSON.parse (which handles any depth). */
const MAX_DEPTH = 200;

/** The fields of one object level, found by a hash of the key's characters (no string made per key). */
class Level {
  readonly names: string[] = [];
  readonly nodes: FieldNode[] = [];
  private readonly table: Int32Array;
  private readonly hashes: Int32Array;

  constructor(tree: FieldTree) {
    const entries = Object.entries(tree);
    let size = 16;
    while (size < entries.length * 4) size *= 2;
    this.table = new Int32Array(size);
    this.hashes = new Int32Array(size);
    for (const [name, spec] of entries) {
      const node: FieldNode =
        spec === "value"
          ? {kind: Kind.Value, level: null}
          : spec === "shared"
            ? {kind: Kind.Shared, level: null}
            : Array.isArray(spec)
              ? {kind: Kind.First, level: null}
              : {kind: Kind.Object, level: new Level(spec as FieldTree)};
      this.names.push(name);
      this.nodes.push(node);
      const hash = hashString(name);
      let slot = hash & (size - 1);
      while (this.table[slot] !== 0) slot = (slot + 1) & (size - 1);
      this.table[slot] = this.names.length;
      this.hashes[slot] = hash;
    }
  }

  /** The index of the field whose name is text[start, end) (hashed to `hash`), or -1. */
  find(hash: number, text: string, start: number, end: number): number {
    const mask = this.table.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = this.table[slot];
      if (entry === 0) return -1;
      const name = this.names[entry - 1];
      if (this.hashes[slot] === hash && name.length === end - start && text.startsWith(name, start)) return entry - 1;
    }
  }

  findName(name: string): number {
    return this.names.indexOf(name);
  }
}

/**
 * Equal strings as one string object, found by a hash of their characters; each kept string is a fresh copy (never a
 * slice that would keep the whole input chunk alive). At most `max` strings are kept; past that, copies are returned.
 */
class SharedStrings {
  private strings: (string | undefined)[] = new Array(1024);
  private hashes = new Int32Array(1024);
  private size = 0;

  constructor(private readonly max = 1 << 16) {}

  /** The string text[start, end) (a JSON string's content without escapes), hashed to `hash`. */
  get(text: string, start: number, end: number, hash: number): string {
    const mask = this.hashes.length - 1;
    let slot = hash & mask;
    for (let s = this.strings[slot]; s !== undefined; s = this.strings[slot]) {
      if (this.hashes[slot] === hash && s.length === end - start && text.startsWith(s, start)) return s;
      slot = (slot + 1) & mask;
    }
    // JSON.parse of the quoted literal: an exact, flat copy.
    const value = JSON.parse(text.slice(start - 1, end + 1)) as string;
    if (this.size >= this.max) return value;
    this.strings[slot] = value;
    this.hashes[slot] = hash;
    if (++this.size * 2 > this.hashes.length) this.grow();
    return value;
  }

  private grow(): void {
    const {strings, hashes} = this;
    this.strings = new Array(hashes.length * 2);
    this.hashes = new Int32Array(hashes.length * 2);
    const mask = this.hashes.length - 1;
    for (let i = 0; i < hashes.length; i++) {
      const s = strings[i];
      if (s === undefined) continue;
      let slot = hashes[i] & mask;
      while (this.strings[slot] !== undefined) slot = (slot + 1) & mask;
      this.strings[slot] = s;
      this.hashes[slot] = hashes[i];
    }
  }
}

/**
 * Projects JSON objects held in a string (one per line) onto the fields of a FieldTree.
 * @example
 * const projector = new JsonProjector({verb: "shared", objectRef: {resource: "shared"}});
 * projector.project('{"verb":"get","objectRef":{"resource":"pods","name":"a"},"x":[1]}') // {verb: "get", objectRef: {resource: "pods"}}
 * projector.project('{"verb":"get",}') // null: not JSON (JSON.parse would throw)
 */
export class JsonProjector {
  private readonly root: Level;
  private readonly shared = new SharedStrings();
  private text = "";
  private end = 0;
  /** Set by readString: the hash of its characters and whether it held an escape. */
  private hash = 0;
  private escaped = false;
  /** Set by scalar: the value read. */
  private scalarValue: unknown = null;

  constructor(fields: FieldTree) {
    this.root = new Level(fields);
  }

  /**
   * The fields of the JSON object in text[start, end) (whitespace around it allowed), with the values JSON.parse
   * would give them; null when the text is not exactly one JSON object, or is one the scanner leaves to JSON.parse
   * (an array or object where a scalar is expected, nesting deeper than 200).
   */
  project(text: string, start = 0, end = text.length): Record<string, unknown> | null {
    this.text = text;
    this.end = end;
    let i = this.ws(start);
    if (text.charCodeAt(i) !== 123 /* { */) return null;
    const out: Record<string, unknown> = {};
    i = this.object(i, this.root, out);
    if (i < 0) return null;
    return this.ws(i) === end ? out : null;
  }

  /** Past the whitespace at i (bounded by the line's end). */
  private ws(i: number): number {
    const text = this.text;
    const end = this.end;
    while (i < end) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 13 && c !== 10) break;
      i++;
    }
    return i;
  }

  /** An object whose fields in `level` are kept in `out`; i at "{". Returns the index after "}", or -1. */
  private object(i: number, level: Level, out: Record<string, unknown>): number {
    const text = this.text;
    i = this.ws(i + 1);
    if (text.charCodeAt(i) === 125 /* } */) return i + 1;
    for (;;) {
      if (text.charCodeAt(i) !== 34) return -1;
      const keyStart = i + 1;
      i = this.readString(keyStart);
      if (i < 0) return -1;
      const field = this.escaped
        ? level.findName(JSON.parse(text.slice(keyStart - 1, i)) as string)
        : level.find(this.hash, text, keyStart, i - 1);
      i = this.ws(i);
      if (text.charCodeAt(i) !== 58 /* : */) return -1;
      i = this.ws(i + 1);
      i = field < 0 ? this.skip(i, 0) : this.field(i, level.nodes[field], out, level.names[field]);
      if (i < 0) return -1;
      i = this.ws(i);
      const c = text.charCodeAt(i);
      if (c === 125) return i + 1;
      if (c !== 44 /* , */) return -1;
      i = this.ws(i + 1);
    }
  }

  /** The value of a kept field at i, stored as out[name] (a later duplicate key replaces it, as in JSON.parse). */
  private field(i: number, node: FieldNode, out: Record<string, unknown>, name: string): number {
    const c = this.text.charCodeAt(i);
    if (c === 123) {
      if (node.kind !== Kind.Object) return -1;
      const child: Record<string, unknown> = {};
      out[name] = child;
      return this.object(i, node.level as Level, child);
    }
    if (c === 91 /* [ */) return node.kind === Kind.First ? this.firstOfArray(i, out, name) : -1;
    i = this.scalar(i, node.kind === Kind.Shared || node.kind === Kind.First);
    out[name] = this.scalarValue;
    return i;
  }

  /** An array of which only the first element (a scalar) is kept; i at "[". */
  private firstOfArray(i: number, out: Record<string, unknown>, name: string): number {
    const text = this.text;
    const array: unknown[] = [];
    out[name] = array;
    i = this.ws(i + 1);
    if (text.charCodeAt(i) === 93 /* ] */) return i + 1;
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) return -1;
    i = this.scalar(i, true);
    if (i < 0) return -1;
    array.push(this.scalarValue);
    for (;;) {
      i = this.ws(i);
      const d = text.charCodeAt(i);
      if (d === 93) return i + 1;
      if (d !== 44) return -1;
      i = this.skip(this.ws(i + 1), 1);
      if (i < 0) return -1;
    }
  }

  /** A string, number, true, false or null at i, into scalarValue; -1 when it is none of these. */
  private scalar(i: number, shared: boolean): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === 34) {
      const end = this.readString(i + 1);
      if (end < 0) return -1;
      this.scalarValue = this.escaped
        ? JSON.parse(text.slice(i, end))
        : shared
          ? this.shared.get(text, i + 1, end - 1, this.hash)
          : text.slice(i + 1, end - 1);
      return end;
    }
    if (c === 116 /* t */ || c === 102 /* f */ || c === 110 /* n */) {
      const end = this.literal(i);
      this.scalarValue = c === 116 ? true : c === 102 ? false : null;
      return end;
    }
    const end = this.number(i);
    if (end < 0) return -1;
    this.scalarValue = numberValue(text, i, end);
    return end;
  }

  /** Any JSON value at i, checked and skipped; returns the index after it, or -1. */
  private skip(i: number, depth: number): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    if (c === 34) return this.skipString(i + 1);
    if (c === 123) {
      if (depth >= MAX_DEPTH) return -1;
      i = this.ws(i + 1);
      if (text.charCodeAt(i) === 125) return i + 1;
      for (;;) {
        if (text.charCodeAt(i) !== 34) return -1;
        i = this.skipString(i + 1);
        if (i < 0) return -1;
        i = this.ws(i);
        if (text.charCodeAt(i) !== 58) return -1;
        i = this.skip(this.ws(i + 1), depth + 1);
        if (i < 0) return -1;
        i = this.ws(i);
        const d = text.charCodeAt(i);
        if (d === 125) return i + 1;
        if (d !== 44) return -1;
        i = this.ws(i + 1);
      }
    }
    if (c === 91) {
      if (depth >= MAX_DEPTH) return -1;
      i = this.ws(i + 1);
      if (text.charCodeAt(i) === 93) return i + 1;
      for (;;) {
        i = this.skip(i, depth + 1);
        if (i < 0) return -1;
        i = this.ws(i);
        const d = text.charCodeAt(i);
        if (d === 93) return i + 1;
        if (d !== 44) return -1;
        i = this.ws(i + 1);
      }
    }
    if (c === 116 || c === 102 || c === 110) return this.literal(i);
    return this.number(i);
  }

  /** A string's rest from i (after the opening quote), checked; returns the index after the closing quote, or -1. */
  private skipString(i: number): number {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 34) return i + 1;
      if (c === 92) {
        i = this.escape(i);
        if (i < 0) return -1;
      } else if (!(c >= 32))
        return -1; // a control character, or the end of the text (NaN)
      else i++;
    }
  }

  /** Like skipString, also setting `hash` (FNV-1a of the characters, mixed) and `escaped`. */
  private readString(i: number): number {
    const text = this.text;
    let h = 0x811c9dc5;
    this.escaped = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        this.hash = mix(h);
        return i + 1;
      }
      if (c === 92) {
        this.escaped = true;
        i = this.escape(i);
        if (i < 0) return -1;
      } else if (!(c >= 32)) return -1;
      else {
        h = Math.imul(h ^ c, 0x01000193);
        i++;
      }
    }
  }

  /** An escape sequence at i (at the backslash); returns the index after it, or -1. */
  private escape(i: number): number {
    const text = this.text;
    const e = text.charCodeAt(i + 1);
    // " \ / b f n r t
    if (e === 34 || e === 92 || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) return i + 2;
    if (e !== 117 /* u */) return -1;
    for (let k = i + 2; k < i + 6; k++) {
      const h = text.charCodeAt(k);
      if (!((h >= 48 && h <= 57) || (h >= 65 && h <= 70) || (h >= 97 && h <= 102))) return -1;
    }
    return i + 6;
  }

  /** true, false or null at i; returns the index after it, or -1. */
  private literal(i: number): number {
    const text = this.text;
    const c = text.charCodeAt(i);
    const word = c === 116 ? "true" : c === 102 ? "false" : "null";
    return text.startsWith(word, i) ? i + word.length : -1;
  }

  /** A JSON number at i (-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?); returns the index after it, or -1. */
  private number(i: number): number {
    const text = this.text;
    if (text.charCodeAt(i) === 45 /* - */) i++;
    let c = text.charCodeAt(i);
    if (c === 48) i++;
    else if (c >= 49 && c <= 57) {
      do c = text.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    } else return -1;
    c = text.charCodeAt(i);
    if (c === 46 /* . */) {
      c = text.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) return -1;
      do c = text.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    }
    if (c === 101 || c === 69 /* e E */) {
      c = text.charCodeAt(++i);
      if (c === 43 || c === 45) c = text.charCodeAt(++i);
      if (!(c >= 48 && c <= 57)) return -1;
      do c = text.charCodeAt(++i);
      while (c >= 48 && c <= 57);
    }
    return i;
  }
}

/** The value of a valid JSON number text[start, end): short integers directly, anything else as JSON.parse reads it. */
function numberValue(text: string, start: number, end: number): number {
  const negative = text.charCodeAt(start) === 45;
  if (end - start - (negative ? 1 : 0) <= 9) {
    let value = 0;
    for (let k = negative ? start + 1 : start; k < end; k++) {
      const d = text.charCodeAt(k) - 48;
      if (d < 0 || d > 9) return Number(text.slice(start, end)); // a fraction or an exponent
      value = value * 10 + d;
    }
    return negative ? -value : value;
  }
  return Number(text.slice(start, end));
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix(h);
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  return h ^ (h >>> 13);
}
