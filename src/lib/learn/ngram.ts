/**
 * N-gram next-action model over contexts of 1..N previous actions (N = window), with interpolated back-off:
 *
 *   P0(a)       = (c(a) + k) / (T + k * A)                      add-k unigram over the A known actions
 *   Pj(a | h_j) = (c(h_j, a) + beta * P(j-1)(a | h_(j-1))) / (c(h_j) + beta)   if h_j was seen in training
 *   Pj(a | h_j) = P(j-1)(a | h_(j-1))                                          otherwise (back-off)
 *
 * where h_j is the last j actions of the context (PAD included: "start of session" is informative). This is a
 * Dirichlet prior centred on the shorter context (MacKay & Peto 1995): a proper distribution at every order,
 * equal to the maximum-likelihood n-gram as counts grow, and a back-off to shorter contexts for unseen ones.
 * PAD and UNK get probability 0: the model only predicts actions it has seen.
 */
import type {ArtifactFiles, FitCallbacks, FitResult, Predictor} from "./predictor.js";
import {UNK_ID} from "./vocabulary.js";
import {idWindowsOfSequences} from "./windows.js";
import type {IdWindows, WindowFittable} from "./windowFit.js";
import {parseJsonFile, textFile} from "./artifactFiles.js";
import {fitByCounting} from "./countingFit.js";

export interface NgramOptions {
  /** Add-k constant of the unigram base distribution. Default 1. */
  k?: number;
  /** Weight of the shorter-context distribution (Dirichlet concentration). Default 1. */
  beta?: number;
}

export const NGRAM_FILE = "ngram.json";

interface NgramJson {
  format: "perfspec-ngram";
  version: 1;
  window: number;
  size: number;
  k: number;
  beta: number;
  /** orders[j]: context key (last j ids, comma-joined) -> [target id, count] pairs. */
  orders: Record<string, [number, number][]>[];
}

export class NgramModel implements Predictor, WindowFittable {
  readonly kind = "ngram" as const;
  readonly k: number;
  readonly beta: number;
  /** orders[j] maps the last-j-ids context key to target counts; orders[0] has the single key "". */
  private orders: Map<string, Map<number, number>>[] = [];
  /** predict()'s view of the counts, built from `orders` on first use after fit/restore (see NgramIndex). */
  private index: NgramIndex | undefined;

  constructor(
    readonly size: number,
    readonly window: number,
    options: NgramOptions = {}
  ) {
    this.k = options.k ?? 1;
    this.beta = options.beta ?? 1;
    if (!(this.k > 0) || !(this.beta > 0))
      throw new Error(`n-gram k and beta must be > 0 (got k=${this.k}, beta=${this.beta})`);
    this.reset();
  }

  private reset(): void {
    this.orders = Array.from({length: this.window + 1}, () => new Map());
    this.index = undefined;
  }

  async fit(sequences: readonly (readonly number[])[], callbacks?: FitCallbacks): Promise<FitResult> {
    return this.fitWindows(idWindowsOfSequences(sequences, this.window), callbacks);
  }

  fitWindows(windows: IdWindows, callbacks?: FitCallbacks): Promise<FitResult> {
    return fitByCounting(this, windows, () => this.count(windows), callbacks);
  }

  private count({contexts, targets}: IdWindows): void {
    this.reset();
    for (let i = 0; i < targets.length; ++i) {
      const t = targets[i];
      if (t <= UNK_ID) continue; // never learn to predict PAD or UNK
      for (let j = 0; j <= this.window; ++j) {
        const key = contextKey(contexts[i], j);
        let row = this.orders[j].get(key);
        if (!row) this.orders[j].set(key, (row = new Map()));
        row.set(t, (row.get(t) ?? 0) + 1);
      }
    }
    this.index = undefined;
  }

  predict(contexts: readonly (readonly number[])[]): Float32Array[] {
    const index = (this.index ??= new NgramIndex(this.orders, this.size, this.k, this.beta));
    return contexts.map((context) => index.predict(context));
  }

  async save(): Promise<ArtifactFiles> {
    const json: NgramJson = {
      format: "perfspec-ngram",
      version: 1,
      window: this.window,
      size: this.size,
      k: this.k,
      beta: this.beta,
      orders: this.orders.map((order) => Object.fromEntries([...order].map(([key, row]) => [key, [...row]])))
    };
    return {[NGRAM_FILE]: JSON.stringify(json)};
  }

  /** Replace the counts with those of a saved model (used by loadNgram). */
  restore(json: NgramJson): void {
    this.orders = json.orders.map((order) => new Map(Object.entries(order).map(([key, row]) => [key, new Map(row)])));
    this.index = undefined;
  }

  dispose(): void {
    this.reset();
  }
}

/** A fresh n-gram model over `size` action ids with contexts of up to `window` actions. */
export function createNgram(size: number, window: number, options: NgramOptions = {}): NgramModel {
  return new NgramModel(size, window, options);
}

/** Load an n-gram model from artifact files (needs ngram.json). */
export function loadNgram(files: ArtifactFiles): NgramModel {
  const json = parseJsonFile(textFile(files, NGRAM_FILE), NGRAM_FILE) as NgramJson;
  if (json.format !== "perfspec-ngram" || !Array.isArray(json.orders) || json.orders.length !== json.window + 1)
    throw new Error(
      `${NGRAM_FILE}: not a perfspec n-gram model (format "${json.format}", ${json.orders?.length} orders for window ${json.window})`
    );
  const model = new NgramModel(json.size, json.window, {k: json.k, beta: json.beta});
  model.restore(json);
  return model;
}

/** A context suffix seen in training: its counts as arrays, and its longer suffixes by their oldest id. */
interface SuffixNode {
  children: Map<number, SuffixNode>;
  /** Whether orders[j] has this suffix (a node can exist only as the parent of a longer suffix). */
  seen: boolean;
  targets: Int32Array;
  /** c(h_j, a) / (c(h_j) + beta) for each target a, and beta / (c(h_j) + beta) for the shorter context's share. */
  counts: Float64Array;
  norm: number;
  /** The distribution of contexts whose longest suffix in the trie is this one, once computed (memory permitting). */
  distribution: Float32Array | undefined;
}

/** At most this many floats (4 bytes each) of cached distributions per model: 8 MiB, ~10,000 contexts at size 200. */
const CACHED_FLOATS = 1 << 21;

/**
 * The counts laid out for predict(): the add-k base distribution computed once, and a trie of the seen context
 * suffixes keyed from the most recent id backwards, so a prediction walks at most `window` Map look-ups (no key
 * strings) and applies each seen level in one pass over the vocabulary into a reused buffer. It evaluates the
 * same expressions in the same order as the formula in this module's doc comment, so outputs are bit-identical.
 * The result depends only on the deepest trie node reached, so it is kept on that node for the next context
 * that reaches it (a copy of 4 x size bytes instead of a pass per level), up to CACHED_FLOATS in all.
 */
class NgramIndex {
  private readonly base: Float64Array;
  private readonly root: SuffixNode = suffixNode();
  private readonly p: Float64Array;
  private readonly path: SuffixNode[] = [];
  private cachedFloats = 0;

  constructor(
    orders: readonly Map<string, Map<number, number>>[],
    private readonly size: number,
    k: number,
    private readonly beta: number
  ) {
    const unigram = orders[0]?.get("") ?? new Map<number, number>();
    let total = 0;
    for (const c of unigram.values()) total += c;
    const known = Math.max(size - 2, 1);
    this.base = new Float64Array(size);
    for (let a = 2; a < size; ++a) this.base[a] = ((unigram.get(a) ?? 0) + k) / (total + k * known);
    this.p = new Float64Array(size);
    for (let j = 1; j < orders.length; ++j) {
      for (const [key, row] of orders[j]) {
        const ids = key.split(",").map(Number);
        if (ids.length !== j) continue; // not reachable from any context
        let node = this.root;
        for (let i = ids.length - 1; i >= 0; --i) {
          let child = node.children.get(ids[i]);
          if (!child) node.children.set(ids[i], (child = suffixNode()));
          node = child;
        }
        let n = 0;
        for (const c of row.values()) n += c;
        node.seen = true;
        node.targets = Int32Array.from(row.keys());
        node.counts = Float64Array.from(row.values(), (c) => c / (n + beta));
        node.norm = n + beta;
      }
    }
  }

  predict(context: readonly number[]): Float32Array {
    const {p, path, size, beta} = this;
    // Longest suffix of the context present in the trie; contexts shorter than an order never match it.
    path.length = 0;
    let node = this.root;
    for (let i = context.length - 1; i >= 0; --i) {
      const child = node.children.get(context[i]);
      if (!child) break;
      path.push((node = child));
    }
    if (node.distribution) return node.distribution.slice();
    p.set(this.base);
    for (const level of path) {
      if (!level.seen) continue; // unseen context of this length: keep the shorter context's distribution
      const {targets, counts, norm} = level;
      for (let a = 2; a < size; ++a) p[a] = (beta * p[a]) / norm;
      for (let t = 0; t < targets.length; ++t) p[targets[t]] += counts[t];
    }
    const out = new Float32Array(size);
    for (let a = 0; a < size; ++a) out[a] = p[a];
    if (this.cachedFloats + size <= CACHED_FLOATS) {
      node.distribution = out.slice();
      this.cachedFloats += size;
    }
    return out;
  }
}

function suffixNode(): SuffixNode {
  return {
    children: new Map(),
    seen: false,
    targets: new Int32Array(0),
    counts: new Float64Array(0),
    norm: 1,
    distribution: undefined
  };
}

/** Key of the last `j` ids of a context. */
function contextKey(context: readonly number[], j: number): string {
  return j === 0 ? "" : context.slice(context.length - j).join(",");
}
