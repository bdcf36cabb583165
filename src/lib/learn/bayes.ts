/**
 * Bayesian network over the parts of the previous actions. Each action `verb_resource` is split into its verb
 * and its resource; with window W the network has the observed nodes V(t-1..t-W), R(t-1..t-W) and two hidden
 * ones for the next action:
 *
 *   V(t-W) ... V(t-1) ──> V(t)
 *                          │
 *   R(t-W) ... R(t-1) ──> R(t)        P(a = v_r | context) ∝ P(V(t) = v | V(t-1..t-W)) · P(R(t) = r | V(t) = v, R(t-1..t-W))
 *
 * i.e. the next verb follows the previous verbs, the next resource follows the previous resources and the next
 * verb. CPTs are Dirichlet (Laplace, alpha) smoothed counts. The product is renormalised over the actions of the
 * vocabulary (verb/resource pairs seen in training), so it is a distribution over actions, PAD and UNK at 0.
 * It is weaker than an n-gram on full contexts by construction: it drops the edges previous-resource -> verb and
 * previous-verb -> resource, which is the kind of factorisation that makes PerfSPEC's BN (79.7%) trail its
 * n-gram (88.2%). docs/models.md says more.
 */
import type {ArtifactFiles, FitCallbacks, FitResult, Predictor} from "./predictor.js";
import {PAD, PAD_ID, UNK, UNK_ID} from "./vocabulary.js";
import {idWindowsOfSequences} from "./windows.js";
import type {IdWindows, WindowFittable} from "./windowFit.js";
import {parseJsonFile, textFile} from "./artifactFiles.js";
import {fitByCounting} from "./countingFit.js";
import {actionParts} from "../actionParts.js";

export interface BayesOptions {
  /** Id-ordered vocabulary actions (vocabulary.actions): the network needs each action's verb and resource. */
  actions: readonly string[];
  /** Laplace (Dirichlet) smoothing constant of the CPTs. Default 1. */
  alpha?: number;
}

export const BAYES_FILE = "bayes.json";

/** Verb and resource of a vocabulary entry (see actionParts); PAD and UNK are their own parts. */
export function vocabularyParts(action: string): [verb: string, resource: string] {
  if (action === PAD || action === UNK) return [action, action];
  const {verb, resource} = actionParts(action);
  return [verb, resource];
}

type Cpt = Map<string, Map<string, number>>;

interface BayesJson {
  format: "perfspec-bayes";
  version: 1;
  window: number;
  size: number;
  alpha: number;
  actions: string[];
  /** CPT of V(t): parent key (previous verbs) -> [verb, count]. */
  verb: Record<string, [string, number][]>;
  /** CPT of R(t): parent key (next verb + previous resources) -> [resource, count]. */
  resource: Record<string, [string, number][]>;
}

export class BayesModel implements Predictor, WindowFittable {
  readonly kind = "bayes" as const;
  readonly size: number;
  readonly alpha: number;
  readonly actions: readonly string[];
  private readonly parts: [string, string][];
  private readonly verbs: string[];
  private readonly resources: string[];
  private verbCpt: Cpt = new Map();
  private resourceCpt: Cpt = new Map();
  /** predict()'s view of the CPTs, built on first use after fit/restore (see BayesIndex). */
  private index: BayesIndex | undefined;

  constructor(
    readonly window: number,
    options: BayesOptions
  ) {
    this.actions = options.actions;
    this.size = options.actions.length;
    this.alpha = options.alpha ?? 1;
    if (!(this.alpha > 0)) throw new Error(`bayes alpha must be > 0, got ${this.alpha}`);
    this.parts = this.actions.map(vocabularyParts);
    this.verbs = [...new Set(this.parts.slice(2).map((p) => p[0]))];
    this.resources = [...new Set(this.parts.slice(2).map((p) => p[1]))];
  }

  async fit(sequences: readonly (readonly number[])[], callbacks?: FitCallbacks): Promise<FitResult> {
    return this.fitWindows(idWindowsOfSequences(sequences, this.window), callbacks);
  }

  fitWindows(windows: IdWindows, callbacks?: FitCallbacks): Promise<FitResult> {
    return fitByCounting(this, windows, () => this.count(windows), callbacks);
  }

  private count({contexts, targets}: IdWindows): void {
    this.verbCpt = new Map();
    this.resourceCpt = new Map();
    for (let i = 0; i < targets.length; ++i) {
      if (targets[i] <= UNK_ID) continue;
      const [v, r] = this.parts[targets[i]];
      increment(this.verbCpt, this.verbParents(contexts[i]), v);
      increment(this.resourceCpt, this.resourceParents(contexts[i], v), r);
    }
    this.index = undefined;
  }

  predict(contexts: readonly (readonly number[])[]): Float32Array[] {
    const index = (this.index ??= new BayesIndex(
      this.parts,
      this.verbs,
      this.resources,
      this.verbCpt,
      this.resourceCpt,
      this.alpha
    ));
    return contexts.map((context) => index.predict(context));
  }

  async save(): Promise<ArtifactFiles> {
    const json: BayesJson = {
      format: "perfspec-bayes",
      version: 1,
      window: this.window,
      size: this.size,
      alpha: this.alpha,
      actions: [...this.actions],
      verb: cptToJson(this.verbCpt),
      resource: cptToJson(this.resourceCpt)
    };
    return {[BAYES_FILE]: JSON.stringify(json)};
  }

  /** Replace the CPTs with those of a saved model (used by loadBayes). */
  restore(json: BayesJson): void {
    this.verbCpt = cptFromJson(json.verb);
    this.resourceCpt = cptFromJson(json.resource);
    this.index = undefined;
  }

  dispose(): void {
    this.verbCpt = new Map();
    this.resourceCpt = new Map();
    this.index = undefined;
  }

  private partOf(id: number, which: 0 | 1): string {
    return id === PAD_ID ? PAD : (this.parts[id]?.[which] ?? UNK);
  }

  private verbParents(context: readonly number[]): string {
    return context.map((id) => this.partOf(id, 0)).join("\u0001");
  }

  private resourceParents(context: readonly number[], verb: string): string {
    return [verb, ...context.map((id) => this.partOf(id, 1))].join("\u0001");
  }
}

/** A fresh Bayesian network over the vocabulary `options.actions` with `window` previous actions as parents. */
export function createBayes(window: number, options: BayesOptions): BayesModel {
  return new BayesModel(window, options);
}

/** Load a Bayesian network from artifact files (needs bayes.json). */
export function loadBayes(files: ArtifactFiles): BayesModel {
  const json = parseJsonFile(textFile(files, BAYES_FILE), BAYES_FILE) as BayesJson;
  if (json.format !== "perfspec-bayes" || !Array.isArray(json.actions) || json.actions.length !== json.size)
    throw new Error(
      `${BAYES_FILE}: not a perfspec Bayesian network (format "${json.format}", ${json.actions?.length} actions for size ${json.size})`
    );
  const model = new BayesModel(json.window, {actions: json.actions, alpha: json.alpha});
  model.restore(json);
  return model;
}

/** A trie over the parent parts of a CPT (part codes, oldest context position first). */
interface PartNode<T> {
  children: Map<number, PartNode<T>>;
  value: T | undefined;
}

/**
 * The CPTs laid out for predict(): context ids map to part codes through arrays, the parent configurations are
 * tries over those codes (no key strings per call), and every CPT row is stored already normalised
 * ((count + alpha) / (total + alpha * n), the expression predict() used to evaluate per action). A prediction is
 * then 2 x window Map look-ups and one pass over the vocabulary into a reused buffer; outputs are bit-identical
 * to evaluating the formula in this module's doc comment directly.
 */
class BayesIndex {
  private readonly size: number;
  /** Code of each id's verb / resource as a context part (ids outside the vocabulary are UNK). */
  private readonly verbCode: Int32Array;
  private readonly resourceCode: Int32Array;
  private readonly unkVerbCode: number;
  private readonly unkResourceCode: number;
  /** Index into verbs / resources of each action's parts (ids >= 2). */
  private readonly actionVerb: Int32Array;
  private readonly actionResource: Int32Array;
  /** P(V(t) = verbs[i] | parents), per parent configuration; `uniformVerb` for unseen ones. */
  private readonly verbRows: PartNode<Float64Array> = partNode();
  private readonly uniformVerb: number;
  /** P(R(t) = resources[i] | V(t) = verbs[v], parents): per previous-resources configuration, rows by verb index. */
  private readonly resourceRows: PartNode<(Float64Array | undefined)[]> = partNode();
  private readonly uniformResource: number;
  private readonly p: Float64Array;

  constructor(
    parts: readonly [string, string][],
    verbs: readonly string[],
    resources: readonly string[],
    verbCpt: Cpt,
    resourceCpt: Cpt,
    alpha: number
  ) {
    this.size = parts.length;
    const verbIndex = new Map(verbs.map((v, i) => [v, i]));
    const resourceIndex = new Map(resources.map((r, i) => [r, i]));
    this.actionVerb = Int32Array.from(parts, ([v], a) => (a < 2 ? -1 : verbIndex.get(v)!));
    this.actionResource = Int32Array.from(parts, ([, r], a) => (a < 2 ? -1 : resourceIndex.get(r)!));
    // Part codes as BayesModel.partOf names them: PAD for PAD_ID, the action's part, UNK outside the vocabulary.
    const verbCodes = new Map<string, number>();
    const resourceCodes = new Map<string, number>();
    const code = (codes: Map<string, number>, part: string) =>
      codes.get(part) ?? (codes.set(part, codes.size), codes.size - 1);
    this.verbCode = Int32Array.from(parts, ([v], id) => code(verbCodes, id === PAD_ID ? PAD : v));
    this.resourceCode = Int32Array.from(parts, ([, r], id) => code(resourceCodes, id === PAD_ID ? PAD : r));
    this.unkVerbCode = code(verbCodes, UNK);
    this.unkResourceCode = code(resourceCodes, UNK);
    const nv = verbs.length;
    const nr = resources.length;
    this.uniformVerb = (0 + alpha) / (0 + alpha * nv);
    this.uniformResource = (0 + alpha) / (0 + alpha * nr);
    for (const [key, row] of verbCpt) {
      const node = trieNode(this.verbRows, key.split("\u0001"), verbCodes);
      if (node) node.value = normalisedRow(row, verbs, alpha);
    }
    for (const [key, row] of resourceCpt) {
      const [verb, ...parents] = key.split("\u0001");
      const v = verbIndex.get(verb);
      const node = v === undefined ? undefined : trieNode(this.resourceRows, parents, resourceCodes);
      if (node) (node.value ??= new Array(nv))[v!] = normalisedRow(row, resources, alpha);
    }
    this.p = new Float64Array(this.size);
  }

  predict(context: readonly number[]): Float32Array {
    const {size, p, actionVerb, actionResource, uniformVerb, uniformResource} = this;
    const verbRow = this.lookUp(this.verbRows, context, this.verbCode, this.unkVerbCode);
    const resourceRows = this.lookUp(this.resourceRows, context, this.resourceCode, this.unkResourceCode);
    let z = 0;
    for (let a = 2; a < size; ++a) {
      const pv = verbRow ? verbRow[actionVerb[a]] : uniformVerb;
      const resourceRow = resourceRows?.[actionVerb[a]];
      p[a] = pv * (resourceRow ? resourceRow[actionResource[a]] : uniformResource);
      z += p[a];
    }
    const out = new Float32Array(size);
    if (z > 0) for (let a = 2; a < size; ++a) out[a] = p[a] / z;
    else for (let a = 2; a < size; ++a) out[a] = p[a];
    return out;
  }

  /** The row stored for the parts of `context` (all of it, as BayesModel.verbParents keys it), if any. */
  private lookUp<T>(root: PartNode<T>, context: readonly number[], codes: Int32Array, unk: number): T | undefined {
    let node: PartNode<T> | undefined = root;
    for (let i = 0; i < context.length && node; ++i) node = node.children.get(codes[context[i]] ?? unk);
    return node?.value;
  }
}

function partNode<T>(): PartNode<T> {
  return {children: new Map(), value: undefined};
}

/** The trie node of a parent configuration, created if needed; undefined if a part is not a context part. */
function trieNode<T>(
  root: PartNode<T>,
  parts: readonly string[],
  codes: ReadonlyMap<string, number>
): PartNode<T> | undefined {
  let node = root;
  for (const part of parts) {
    const c = codes.get(part);
    if (c === undefined) return undefined;
    let child = node.children.get(c);
    if (!child) node.children.set(c, (child = partNode()));
    node = child;
  }
  return node;
}

/** (count + alpha) / (total + alpha * n) for each of the n values, in `values` order. */
function normalisedRow(row: Map<string, number>, values: readonly string[], alpha: number): Float64Array {
  const total = sum(row);
  return Float64Array.from(values, (value) => ((row.get(value) ?? 0) + alpha) / (total + alpha * values.length));
}

function increment(cpt: Cpt, parents: string, value: string): void {
  let row = cpt.get(parents);
  if (!row) cpt.set(parents, (row = new Map()));
  row.set(value, (row.get(value) ?? 0) + 1);
}

function sum(row: Map<string, number> | undefined): number {
  let n = 0;
  if (row) for (const c of row.values()) n += c;
  return n;
}

function cptToJson(cpt: Cpt): Record<string, [string, number][]> {
  return Object.fromEntries([...cpt].map(([key, row]) => [key, [...row]]));
}

function cptFromJson(json: Record<string, [string, number][]>): Cpt {
  return new Map(Object.entries(json).map(([key, row]) => [key, new Map(row)]));
}
