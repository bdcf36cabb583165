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
import {argmax} from "./ngram.js";

export interface BayesOptions {
  /** Id-ordered vocabulary actions (vocabulary.actions): the network needs each action's verb and resource. */
  actions: readonly string[];
  /** Laplace (Dirichlet) smoothing constant of the CPTs. Default 1. */
  alpha?: number;
}

export const BAYES_FILE = "bayes.json";

/** Verb and resource of an action: the text before and after the first "_" (PAD and UNK are their own parts). */
export function actionParts(action: string): [verb: string, resource: string] {
  if (action === PAD || action === UNK) return [action, action];
  const i = action.indexOf("_");
  return i < 0 ? [action, ""] : [action.slice(0, i), action.slice(i + 1)];
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

  constructor(readonly window: number, options: BayesOptions) {
    this.actions = options.actions;
    this.size = options.actions.length;
    this.alpha = options.alpha ?? 1;
    if (!(this.alpha > 0)) throw new Error(`bayes alpha must be > 0, got ${this.alpha}`);
    this.parts = this.actions.map(actionParts);
    this.verbs = [...new Set(this.parts.slice(2).map((p) => p[0]))];
    this.resources = [...new Set(this.parts.slice(2).map((p) => p[1]))];
  }

  async fit(sequences: readonly (readonly number[])[], callbacks?: FitCallbacks): Promise<FitResult> {
    return this.fitWindows(idWindowsOfSequences(sequences, this.window), callbacks);
  }

  async fitWindows({contexts, targets}: IdWindows, callbacks?: FitCallbacks): Promise<FitResult> {
    const start = performance.now();
    this.verbCpt = new Map();
    this.resourceCpt = new Map();
    for (let i = 0; i < targets.length; ++i) {
      if (targets[i] <= UNK_ID) continue;
      const [v, r] = this.parts[targets[i]];
      increment(this.verbCpt, this.verbParents(contexts[i]), v);
      increment(this.resourceCpt, this.resourceParents(contexts[i], v), r);
    }
    const probabilities = this.predict(contexts);
    let hits = 0;
    for (let i = 0; i < targets.length; ++i) if (argmax(probabilities[i]) === targets[i]) ++hits;
    const seconds = (performance.now() - start) / 1000;
    const log = {epoch: 1, loss: NaN, accuracy: targets.length ? hits / targets.length : 0, seconds};
    await callbacks?.onEpochEnd?.(log);
    return {history: [log], seconds};
  }

  predict(contexts: readonly (readonly number[])[]): Float32Array[] {
    const nv = this.verbs.length;
    const nr = this.resources.length;
    return contexts.map((context) => {
      const verbRow = this.verbCpt.get(this.verbParents(context));
      const verbTotal = sum(verbRow);
      const resourceRows = new Map<string, [Map<string, number> | undefined, number]>();
      const p = new Float64Array(this.size);
      let z = 0;
      for (let a = 2; a < this.size; ++a) {
        const [v, r] = this.parts[a];
        let rr = resourceRows.get(v);
        if (!rr) {
          const row = this.resourceCpt.get(this.resourceParents(context, v));
          resourceRows.set(v, (rr = [row, sum(row)]));
        }
        const pv = ((verbRow?.get(v) ?? 0) + this.alpha) / (verbTotal + this.alpha * nv);
        const pr = ((rr[0]?.get(r) ?? 0) + this.alpha) / (rr[1] + this.alpha * nr);
        p[a] = pv * pr;
        z += p[a];
      }
      if (z > 0) for (let a = 2; a < this.size; ++a) p[a] /= z;
      return Float32Array.from(p);
    });
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
  }

  dispose(): void {
    this.verbCpt = new Map();
    this.resourceCpt = new Map();
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
    throw new Error(`${BAYES_FILE}: not a perfspec Bayesian network (format "${json.format}", ${json.actions?.length} actions for size ${json.size})`);
  const model = new BayesModel(json.window, {actions: json.actions, alpha: json.alpha});
  model.restore(json);
  return model;
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
