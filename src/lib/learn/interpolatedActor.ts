/**
 * Interpolated actor n-gram ("interp"): a linear mixture of plain relative frequencies at every order and session
 * level, with mixture weights fitted on held-out data instead of picked from a grid (deleted interpolation,
 * Jelinek & Mercer 1980). Components, each available only where it has data:
 *
 *   g_j, u_j, s_j   c(h_j, a) / c(h_j) over all training sessions, the acting user's, this session's (j = 0..W;
 *                   u_W and s_W with an all-PAD context are the actor's own first-action prior)
 *   cache_d         the session's earlier actions, weighted d^age (one component per decay)
 *   match           what followed the latest earlier occurrences of the longest suffix of the session's history
 *                   that occurred before (a copy model: sessions repeat their own cycles beyond the window)
 *   uniform         every known action alike (always available, so nothing gets probability 0)
 *
 *   P(a) = sum over available k of w_k p_k(a) / sum over available k of w_k
 *
 * Fit: the last `heldOut` share of each training sequence is held out, the counts are made from the rest, and the
 * weights maximise the held-out likelihood (multiplicative fixed-point updates, EM-like); then the counts are
 * remade from whole sequences, the weights kept. Only training sequences are read, so inside `--model auto` the
 * weights come from the validation search's own training part.
 *
 * Example:
 *   const model = createInterpolatedActor(vocabulary.actions.length, 3);
 *   await model.fitSessions([{actor: {session: "alice @ dev", user: "alice", namespace: "dev"}, ids: [2, 3, 2, 3]}]);
 *   const [p] = model.predictInSessions([{context: [2, 3, 2], actor, history: [2, 3, 2]}]);
 */
import type {ArtifactFiles, FitCallbacks, FitResult, Predictor} from "./predictor.js";
import {PAD_ID, UNK_ID} from "./vocabulary.js";
import {contextBefore, idWindowsOfSequences} from "./windows.js";
import {parseJsonFile, textFile} from "./artifactFiles.js";
import {fitByCounting} from "./countingFit.js";
import type {ActorSequence, SessionActor, SessionAware} from "./sessionAware.js";

export interface InterpolatedOptions {
  /** Share of each training sequence's tail held out to fit the weights, in (0, 1). Default 0.2. */
  heldOut?: number;
  /** Weight-fitting iterations. Default 60. */
  iterations?: number;
  /** Decays of the cache components, each in (0, 1]; one component per decay. Default [0.5, 0.9]. */
  decays?: number[];
  /** Whether the longest-match (copy) component is used. Default true. */
  match?: boolean;
}

export const INTERP_FILE = "interp.json";
/** The cache and the match read at most this many of the latest actions. */
const SPAN = 200;
/** Longest suffix the match component tries. */
const MAX_MATCH = 32;
/** No weight drops below this before renormalising, so a component unseen on the held-out part still counts a little. */
const FLOOR = 1e-6;

interface InterpJson {
  format: "perfspec-interpolated-actor";
  version: 1;
  window: number;
  size: number;
  options: Required<InterpolatedOptions>;
  /** Component names, in weight order (see interpolationComponents). */
  components: string[];
  weights: number[];
  /** Count row key ("j|context ids|level", level "g", "u<user>" or "s<session>") -> [target id, count] pairs. */
  counts: [string, [number, number][]][];
  /** Number of held-out windows the weights were fitted on. */
  heldOutWindows: number;
}

/** One component's distribution at one query: sparse (ids, probabilities), or null where it has no data. */
type Component = {ids: number[]; p: number[]} | null;

/**
 * The component names of a window and options, in weight order.
 * @example interpolationComponents(1, {decays: [0.9], match: false}) // ["g0", "g1", "u0", "u1", "s0", "s1", "cache0.9", "uniform"]
 */
export function interpolationComponents(
  window: number,
  options: Pick<InterpolatedOptions, "decays" | "match">
): string[] {
  const names: string[] = [];
  for (const level of ["g", "u", "s"]) for (let j = 0; j <= window; ++j) names.push(`${level}${j}`);
  for (const d of options.decays ?? [0.5, 0.9]) names.push(`cache${d}`);
  if (options.match ?? true) names.push("match");
  names.push("uniform");
  return names;
}

export class InterpolatedActorModel implements Predictor, SessionAware {
  readonly kind = "interp" as const;
  readonly options: Required<InterpolatedOptions>;
  readonly components: string[];
  weights: number[];
  heldOutWindows = 0;
  private counts = new Map<string, Map<number, number>>();
  private totals = new Map<string, number>();

  constructor(
    readonly size: number,
    readonly window: number,
    options: InterpolatedOptions = {}
  ) {
    this.options = {
      heldOut: options.heldOut ?? 0.2,
      iterations: options.iterations ?? 60,
      decays: options.decays ?? [0.5, 0.9],
      match: options.match ?? true
    };
    const {heldOut, iterations, decays} = this.options;
    if (!(heldOut > 0 && heldOut < 1)) throw new Error(`interp heldOut must be in (0, 1), got ${heldOut}`);
    if (!(Number.isInteger(iterations) && iterations >= 0))
      throw new Error(`interp iterations must be an integer >= 0, got ${iterations}`);
    if (!Array.isArray(decays) || decays.some((d) => !(d > 0 && d <= 1)))
      throw new Error(`interp decays must each be in (0, 1], got ${JSON.stringify(decays)}`);
    if (!(Number.isInteger(window) && window >= 1))
      throw new Error(`interp window must be an integer >= 1, got ${window}`);
    this.components = interpolationComponents(window, this.options);
    this.weights = this.components.map(() => 1 / this.components.length);
  }

  /** Sequences without actors: the user and session components stay unavailable. */
  fit(sequences: readonly (readonly number[])[], callbacks?: FitCallbacks): Promise<FitResult> {
    return this.fitSessions(
      sequences.map((ids) => ({actor: null, ids})),
      callbacks
    );
  }

  fitSessions(
    sequences: readonly (ActorSequence | {actor: null; ids: readonly number[]})[],
    callbacks?: FitCallbacks
  ): Promise<FitResult> {
    const all = idWindowsOfSequences(
      sequences.map((s) => s.ids),
      this.window
    );
    return fitByCounting(
      this,
      all,
      () => {
        const cuts = sequences.map((s) => Math.floor(s.ids.length * (1 - this.options.heldOut)));
        this.count(sequences.map((s, i) => ({actor: s.actor, ids: s.ids.slice(0, cuts[i])})));
        this.fitWeights(sequences, cuts);
        this.count(sequences);
      },
      callbacks
    );
  }

  private count(sequences: readonly {actor: SessionActor | null; ids: readonly number[]}[]): void {
    this.counts = new Map();
    this.totals = new Map();
    for (const {actor, ids} of sequences) {
      const levels = levelsOf(actor);
      for (let i = 0; i < ids.length; ++i) {
        const t = ids[i];
        if (t <= UNK_ID) continue; // never learn to predict PAD or UNK
        const context = contextBefore(ids, i, this.window, PAD_ID);
        for (let j = 0; j <= this.window; ++j) {
          const suffix = context.slice(this.window - j).join(",");
          for (const level of levels) {
            if (level === null) continue;
            const key = `${j}|${suffix}|${level}`;
            let row = this.counts.get(key);
            if (!row) this.counts.set(key, (row = new Map()));
            row.set(t, (row.get(t) ?? 0) + 1);
            this.totals.set(key, (this.totals.get(key) ?? 0) + 1);
          }
        }
      }
    }
  }

  /** Weights maximising the likelihood of the held-out tails (positions from cuts[i] on) under the current counts. */
  private fitWeights(sequences: readonly {actor: SessionActor | null; ids: readonly number[]}[], cuts: number[]): void {
    const K = this.components.length;
    const items: {p: Float64Array; available: Uint8Array}[] = [];
    sequences.forEach(({actor, ids}, s) => {
      for (let i = cuts[s]; i < ids.length; ++i) {
        if (ids[i] <= UNK_ID) continue;
        const parts = this.parts(
          contextBefore(ids, i, this.window, PAD_ID),
          actor,
          ids.slice(Math.max(0, i - SPAN), i)
        );
        const p = new Float64Array(K);
        const available = new Uint8Array(K);
        parts.forEach((c, k) => {
          if (!c) return;
          available[k] = 1;
          const at = c.ids.indexOf(ids[i]);
          p[k] = at < 0 ? 0 : c.p[at];
        });
        items.push({p, available});
      }
    });
    this.heldOutWindows = items.length;
    let w = new Float64Array(K).fill(1 / K);
    for (let iteration = 0; iteration < this.options.iterations && items.length; ++iteration) {
      // dL/dw_k = sum_i [k available] (p_ik / Z_i - 1 / A_i): at the optimum the two sums are equal for every
      // weight above zero, so each weight is scaled by their ratio (the EM update when every component is available).
      const hit = new Float64Array(K);
      const mass = new Float64Array(K);
      for (const {p, available} of items) {
        let z = 0;
        let a = 0;
        for (let k = 0; k < K; ++k) {
          if (!available[k]) continue;
          z += w[k] * p[k];
          a += w[k];
        }
        if (!(z > 0)) continue;
        for (let k = 0; k < K; ++k) {
          if (!available[k]) continue;
          hit[k] += p[k] / z;
          mass[k] += 1 / a;
        }
      }
      const next = w.map((x, k) => Math.max(FLOOR, mass[k] > 0 ? (x * hit[k]) / mass[k] : x));
      const sum = next.reduce((s, x) => s + x, 0);
      w = next.map((x) => x / sum);
    }
    this.weights = Array.from(w);
  }

  /** Every component's distribution for one query, in weight order. */
  private parts(context: readonly number[], actor: SessionActor | null, history: ArrayLike<number>): Component[] {
    const out: Component[] = [];
    for (const level of levelsOf(actor))
      for (let j = 0; j <= this.window; ++j) {
        if (level === null) {
          out.push(null);
          continue;
        }
        const key = `${j}|${context.slice(context.length - j).join(",")}|${level}`;
        const row = this.counts.get(key);
        if (!row) {
          out.push(null);
          continue;
        }
        const total = this.totals.get(key)!;
        out.push({ids: [...row.keys()], p: [...row.values()].map((c) => c / total)});
      }
    const recent = Array.from(history).slice(-SPAN);
    for (const d of this.options.decays) out.push(cacheOf(recent, d));
    if (this.options.match) out.push(matchOf(recent));
    out.push({ids: [], p: []}); // uniform: filled in by distribution()
    return out;
  }

  private distribution(
    context: readonly number[],
    actor: SessionActor | null,
    history: ArrayLike<number>
  ): Float32Array {
    const parts = this.parts(context, actor, history);
    const out = new Float64Array(this.size);
    let a = 0;
    const uniform = parts.length - 1;
    parts.forEach((c, k) => {
      if (!c) return;
      a += this.weights[k];
      if (k === uniform) {
        const share = this.weights[k] / Math.max(this.size - 2, 1);
        for (let id = 2; id < this.size; ++id) out[id] += share;
      } else for (let i = 0; i < c.ids.length; ++i) out[c.ids[i]] += this.weights[k] * c.p[i];
    });
    const result = new Float32Array(this.size);
    for (let id = 2; id < this.size; ++id) result[id] = out[id] / a;
    return result;
  }

  predict(contexts: readonly (readonly number[])[]): Float32Array[] {
    return contexts.map((context) =>
      this.distribution(
        context,
        null,
        context.filter((id) => id > UNK_ID)
      )
    );
  }

  predictInSessions(
    queries: readonly {context: readonly number[]; actor: SessionActor; history: ArrayLike<number>}[]
  ): Float32Array[] {
    return queries.map((q) => this.distribution(q.context, q.actor, q.history));
  }

  async save(): Promise<ArtifactFiles> {
    const json: InterpJson = {
      format: "perfspec-interpolated-actor",
      version: 1,
      window: this.window,
      size: this.size,
      options: this.options,
      components: this.components,
      weights: this.weights,
      counts: [...this.counts].map(([key, row]) => [key, [...row]]),
      heldOutWindows: this.heldOutWindows
    };
    return {[INTERP_FILE]: JSON.stringify(json)};
  }

  /** Replace counts and weights with those of a saved model (used by loadInterpolatedActor). */
  restore(json: InterpJson): void {
    this.counts = new Map(json.counts.map(([key, row]) => [key, new Map(row)]));
    this.totals = new Map([...this.counts].map(([key, row]) => [key, [...row.values()].reduce((s, c) => s + c, 0)]));
    this.weights = json.weights;
    this.heldOutWindows = json.heldOutWindows;
  }

  dispose(): void {
    this.counts = new Map();
    this.totals = new Map();
  }
}

/** The count levels of an actor: all sessions, its user's (null if unknown), its session's (null without an actor). */
function levelsOf(actor: SessionActor | null): (string | null)[] {
  return ["g", actor && actor.user !== null ? `u${actor.user}` : null, actor ? `s${actor.session}` : null];
}

/** The decayed frequencies of the recent actions, or null for an empty history. */
function cacheOf(recent: readonly number[], decay: number): Component {
  const weights = new Map<number, number>();
  let z = 0;
  let w = 1;
  for (let i = recent.length - 1; i >= 0; --i, w *= decay) {
    if (recent[i] <= UNK_ID) continue;
    weights.set(recent[i], (weights.get(recent[i]) ?? 0) + w);
    z += w;
  }
  return z > 0 ? {ids: [...weights.keys()], p: [...weights.values()].map((x) => x / z)} : null;
}

/**
 * What followed the earlier occurrences of the longest suffix of `recent` that occurred before (at most
 * MAX_MATCH actions long), the latest weighing most (0.9 per older occurrence); null if no action repeats.
 */
function matchOf(recent: readonly number[]): Component {
  const n = recent.length;
  for (let length = Math.min(MAX_MATCH, n - 1); length >= 1; --length) {
    const weights = new Map<number, number>();
    let z = 0;
    let w = 1;
    for (let end = n - 2; end >= length - 1; --end) {
      let same = true;
      for (let k = 0; k < length && same; ++k) same = recent[end - k] === recent[n - 1 - k];
      if (!same || recent[end + 1] <= UNK_ID) continue;
      weights.set(recent[end + 1], (weights.get(recent[end + 1]) ?? 0) + w);
      z += w;
      w *= 0.9;
    }
    if (z > 0) return {ids: [...weights.keys()], p: [...weights.values()].map((x) => x / z)};
  }
  return null;
}

/** A fresh interpolated actor n-gram over `size` action ids with contexts of up to `window` actions. */
export function createInterpolatedActor(
  size: number,
  window: number,
  options: InterpolatedOptions = {}
): InterpolatedActorModel {
  return new InterpolatedActorModel(size, window, options);
}

/** Load an interpolated actor n-gram from artifact files (needs interp.json); refuses another model's file. */
export function loadInterpolatedActor(files: ArtifactFiles): InterpolatedActorModel {
  const json = parseJsonFile(textFile(files, INTERP_FILE), INTERP_FILE) as InterpJson;
  if (json.format !== "perfspec-interpolated-actor" || !Array.isArray(json.counts))
    throw new Error(`${INTERP_FILE}: not a perfspec interpolated actor n-gram (format "${json.format}")`);
  const model = new InterpolatedActorModel(json.size, json.window, json.options);
  if (
    !Array.isArray(json.components) ||
    json.components.join() !== model.components.join() ||
    !Array.isArray(json.weights) ||
    json.weights.length !== model.components.length ||
    json.weights.some((w) => !(w >= 0))
  )
    throw new Error(
      `${INTERP_FILE}: components and weights do not match window ${json.window} and the options (expected ${model.components.join(", ")})`
    );
  model.restore(json);
  return model;
}
