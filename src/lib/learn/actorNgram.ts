/**
 * Actor n-gram: an interpolated n-gram with counts of its own for each user and each session, and a cache of the
 * session's recent actions. At each order j (h_j = the last j actions of the window, PAD included), three levels
 * are chained, each a smoothed estimate centred on the one before:
 *
 *   G_j(a) = (c(h_j, a) + b G_(j-1)(a)) / (c(h_j) + b)                 all training sessions (G_(-1) uniform)
 *   U_j(a) = (c_user(h_j, a) + b_u G_j(a)) / (c_user(h_j) + b_u)       the acting user's sessions only
 *   S_j(a) = (c_sess(h_j, a) + b_s U_j(a)) / (c_sess(h_j) + b_s)       this session's training part only
 *
 * An unseen context at a level keeps the estimate it is centred on. With Witten-Bell smoothing ("wb") each
 * concentration is multiplied by the number of distinct actions seen after h_j at that level (Witten & Bell 1991),
 * so contexts followed by many different actions lean more on the shorter ones; "dirichlet" uses it as it is
 * (MacKay & Peto 1995, as ngram.ts). The prediction mixes S_N with a cache of the session's earlier actions
 * (Kuhn & De Mori 1990), weighted by `decay` to the power of their age:
 *
 *   P(a) = (1 - cache) S_N(a) + cache * sum_i decay^(t-1-i) [x_i = a] / sum_i decay^(t-1-i)
 *
 * A third component reads the history with repeats collapsed (a run of create_services counts once) and predicts
 * the action that starts the next run from the last `window` runs, with the same three levels: after five
 * create_services in a row the window holds nothing else, but the collapsed history still knows what came
 * before them, and what usually follows. It takes the weight `runs` from the n-gram:
 *
 *   P(a) = (1 - cache - runs) S_N(a) + cache * C(a) + runs * R_N(a)
 *
 * The history is known when the prediction is made (see sessionAware.ts). Without a session (plain predict) the
 * user and session levels are skipped and the window is the cache's history. PAD and UNK get probability 0.
 */
import type {ArtifactFiles, FitCallbacks, FitResult, Predictor} from "./predictor.js";
import {UNK_ID} from "./vocabulary.js";
import {idWindows, idWindowsOfSequences} from "./windows.js";
import type {IdWindows, WindowFittable} from "./windowFit.js";
import {parseJsonFile, textFile} from "./artifactFiles.js";
import {fitByCounting} from "./countingFit.js";
import type {ActorSequence, SessionActor, SessionAware, SessionQuery} from "./sessionAware.js";

export interface ActorOptions {
  /** "wb" (Witten-Bell, default) or "dirichlet". */
  smoothing?: "wb" | "dirichlet";
  /** Concentration of the all-sessions level around the shorter context. Default 1. */
  beta?: number;
  /** Concentration of the user level around the all-sessions level; 0 leaves the user level out. Default 1. */
  user?: number;
  /** Concentration of the session level around the user level; 0 leaves it out. Default 5. */
  session?: number;
  /** Weight of the session cache, in [0, 1). Default 0.3. */
  cache?: number;
  /** Decay of the cache per action of age, in (0, 1]. Default 0.9. */
  decay?: number;
  /** Weight of the next-run component (repeats collapsed), with cache + runs < 1. Default 0. */
  runs?: number;
}

export const ACTOR_FILE = "actor.json";
/** The cache reads at most this many of the latest actions (decay^200 is negligible for decay ≤ 0.95). */
const CACHE_SPAN = 200;

interface ActorJson {
  format: "perfspec-actor-ngram";
  version: 1;
  window: number;
  size: number;
  options: Required<ActorOptions>;
  /** Count table key ("g", "u<user>" or "s<session>", order and context ids) -> [target id, count] pairs. */
  counts: [string, [number, number][]][];
}

/** A count row laid out for prediction: targets, counts, their total and number of distinct targets. */
interface Row {
  targets: Int32Array;
  counts: Float64Array;
  total: number;
}

export class ActorNgramModel implements Predictor, WindowFittable, SessionAware {
  readonly kind = "actor" as const;
  readonly options: Required<ActorOptions>;
  private counts = new Map<string, Map<number, number>>();
  private rows = new Map<string, Row>();

  constructor(
    readonly size: number,
    readonly window: number,
    options: ActorOptions = {}
  ) {
    this.options = {
      smoothing: options.smoothing ?? "wb",
      beta: options.beta ?? 1,
      user: options.user ?? 1,
      session: options.session ?? 5,
      cache: options.cache ?? 0.3,
      decay: options.decay ?? 0.9,
      runs: options.runs ?? 0
    };
    const {smoothing, beta, user, session, cache, decay, runs} = this.options;
    if (!(runs >= 0 && cache + runs < 1)) throw new Error(`actor n-gram needs runs >= 0 and cache + runs < 1`);
    if (smoothing !== "wb" && smoothing !== "dirichlet")
      throw new Error(`actor n-gram smoothing must be "wb" or "dirichlet", got "${smoothing}"`);
    if (!(beta > 0) || !(user >= 0) || !(session >= 0) || !(cache >= 0 && cache < 1) || !(decay > 0 && decay <= 1))
      throw new Error(
        `actor n-gram needs beta > 0, user >= 0, session >= 0, 0 <= cache < 1 and 0 < decay <= 1 (got ${JSON.stringify(this.options)})`
      );
  }

  fit(sequences: readonly (readonly number[])[], callbacks?: FitCallbacks): Promise<FitResult> {
    const all = idWindowsOfSequences(sequences, this.window);
    return fitByCounting(this, all, () => this.count(this.fitSequencesWithoutActors(sequences)), callbacks);
  }

  fitWindows(windows: IdWindows, callbacks?: FitCallbacks): Promise<FitResult> {
    return fitByCounting(this, windows, () => this.count([{windows, actor: null}]), callbacks);
  }

  fitSessions(sequences: readonly ActorSequence[], callbacks?: FitCallbacks): Promise<FitResult> {
    const parts = sequences.map((s) => ({
      windows: idWindows(s.ids, this.window),
      actor: s.actor,
      runs: idWindows(collapseRuns(s.ids), this.window)
    }));
    const all = idWindowsOfSequences(
      sequences.map((s) => s.ids),
      this.window
    );
    return fitByCounting(this, all, () => this.count(parts), callbacks);
  }

  private fitSequencesWithoutActors(
    sequences: readonly (readonly number[])[]
  ): {windows: IdWindows; actor: null; runs: IdWindows}[] {
    return sequences.map((ids) => ({
      windows: idWindows(ids, this.window),
      actor: null,
      runs: idWindows(collapseRuns(ids), this.window)
    }));
  }

  private count(parts: readonly {windows: IdWindows; actor: SessionActor | null; runs?: IdWindows}[]): void {
    this.counts = new Map();
    for (const {windows, actor, runs} of parts) {
      this.countWindows(windows, ["g", ...this.actorLevels(actor)]);
      // The next-run tables: the same levels, prefixed "r".
      if (runs && this.options.runs > 0)
        this.countWindows(
          runs,
          ["g", ...this.actorLevels(actor)].map((l) => `r${l}`)
        );
    }
    this.index();
  }

  private countWindows({contexts, targets}: IdWindows, levels: readonly string[]): void {
    {
      for (let i = 0; i < targets.length; ++i) {
        const t = targets[i];
        if (t <= UNK_ID) continue; // never learn to predict PAD or UNK
        for (let j = 0; j <= this.window; ++j) {
          const suffix = contexts[i].slice(this.window - j).join(",");
          for (const level of levels) {
            const key = `${level}|${j}|${suffix}`;
            let row = this.counts.get(key);
            if (!row) this.counts.set(key, (row = new Map()));
            row.set(t, (row.get(t) ?? 0) + 1);
          }
        }
      }
    }
  }

  /** The count levels of an actor besides "g": its user's and its session's (those with a concentration > 0). */
  private actorLevels(actor: SessionActor | null): string[] {
    if (!actor) return [];
    const levels: string[] = [];
    if (this.options.user > 0 && actor.user !== null) levels.push(`u${actor.user}`);
    if (this.options.session > 0) levels.push(`s${actor.session}`);
    return levels;
  }

  private index(): void {
    this.rows = new Map();
    for (const [key, row] of this.counts) {
      let total = 0;
      for (const c of row.values()) total += c;
      this.rows.set(key, {targets: Int32Array.from(row.keys()), counts: Float64Array.from(row.values()), total});
    }
  }

  predict(contexts: readonly (readonly number[])[]): Float32Array[] {
    return contexts.map((context) => this.distribution(context, null, context));
  }

  predictInSessions(queries: readonly SessionQuery[]): Float32Array[] {
    return queries.map((q) => this.distribution(q.context, q.actor, q.history));
  }

  private distribution(
    context: readonly number[],
    actor: SessionActor | null,
    history: ArrayLike<number>
  ): Float32Array {
    const {size} = this;
    const {cache, decay, runs} = this.options;
    const p = this.chain(context, actor, "");
    const r = this.options.runs > 0 ? this.nextRun(context, actor, history) : null;
    const out = new Float32Array(size);
    // The cache: the latest actions of the session, older ones weighing less.
    const weights = new Float64Array(size);
    let z = 0;
    let w = 1;
    for (let i = history.length - 1, n = 0; i >= 0 && n < CACHE_SPAN; --i, ++n, w *= decay) {
      const a = history[i];
      if (a <= UNK_ID) continue;
      weights[a] += w;
      z += w;
    }
    const lambda = z > 0 ? cache : 0;
    const rho = r ? runs : 0;
    for (let a = 2; a < size; ++a)
      out[a] = (1 - lambda - rho) * p[a] + (z > 0 ? (lambda * weights[a]) / z : 0) + (r ? rho * r[a] : 0);
    return out;
  }

  /** S_N (or U_N, G_N when the actor or its levels are absent) over the tables with `prefix` ("" or "r"). */
  private chain(context: ArrayLike<number>, actor: SessionActor | null, prefix: string): Float64Array {
    const {size, window} = this;
    const {smoothing, beta, user, session} = this.options;
    const g = new Float64Array(size);
    const known = Math.max(size - 2, 1);
    for (let a = 2; a < size; ++a) g[a] = 1 / known;
    const u = actor && user > 0 && actor.user !== null ? new Float64Array(size) : null;
    const s = actor && session > 0 ? new Float64Array(size) : null;
    for (let j = 0; j <= window; ++j) {
      const suffix = Array.prototype.slice.call(context, context.length - j).join(",");
      this.step(g, g, this.rows.get(`${prefix}g|${j}|${suffix}`), beta, smoothing);
      if (u) this.step(u, g, this.rows.get(`${prefix}u${actor!.user}|${j}|${suffix}`), user, smoothing);
      if (s) this.step(s, u ?? g, this.rows.get(`${prefix}s${actor!.session}|${j}|${suffix}`), session, smoothing);
    }
    return s ?? u ?? g;
  }

  /** The next-run distribution: the chain over the last `window` runs of the history (repeats collapsed). */
  private nextRun(
    context: readonly number[],
    actor: SessionActor | null,
    history: ArrayLike<number>
  ): Float64Array | null {
    const recent = Array.from(history.length ? history : context)
      .slice(-CACHE_SPAN)
      .filter((a) => a > 0);
    if (recent.length === 0) return null;
    const runs = collapseRuns(recent);
    const padded = Array.from({length: this.window}, (_, i) => runs[runs.length - this.window + i] ?? 0);
    return this.chain(padded, actor, "r");
  }

  /** out = (counts + b' prior) / (total + b') for a seen row (b' = b, or b × distinct targets for Witten-Bell); else out = prior. */
  private step(
    out: Float64Array,
    prior: Float64Array,
    row: Row | undefined,
    b: number,
    smoothing: "wb" | "dirichlet"
  ): void {
    if (!row) {
      if (out !== prior) out.set(prior);
      return;
    }
    const weight = smoothing === "wb" ? b * row.targets.length : b;
    const norm = row.total + weight;
    for (let a = 2; a < this.size; ++a) out[a] = (weight * prior[a]) / norm;
    for (let t = 0; t < row.targets.length; ++t) out[row.targets[t]] += row.counts[t] / norm;
  }

  async save(): Promise<ArtifactFiles> {
    const json: ActorJson = {
      format: "perfspec-actor-ngram",
      version: 1,
      window: this.window,
      size: this.size,
      options: this.options,
      counts: [...this.counts].map(([key, row]) => [key, [...row]])
    };
    return {[ACTOR_FILE]: JSON.stringify(json)};
  }

  /** Replace the counts with those of a saved model (used by loadActorNgram). */
  restore(json: ActorJson): void {
    this.counts = new Map(json.counts.map(([key, row]) => [key, new Map(row)]));
    this.index();
  }

  dispose(): void {
    this.counts = new Map();
    this.rows = new Map();
  }
}

/**
 * A sequence with each run of one action kept once.
 * @example collapseRuns([5, 5, 6, 5, 5, 5]) // [5, 6, 5]
 */
export function collapseRuns(ids: readonly number[]): number[] {
  return ids.filter((a, i) => i === 0 || a !== ids[i - 1]);
}

/** A fresh actor n-gram over `size` action ids with contexts of up to `window` actions. */
export function createActorNgram(size: number, window: number, options: ActorOptions = {}): ActorNgramModel {
  return new ActorNgramModel(size, window, options);
}

/** Load an actor n-gram from artifact files (needs actor.json). */
export function loadActorNgram(files: ArtifactFiles): ActorNgramModel {
  const json = parseJsonFile(textFile(files, ACTOR_FILE), ACTOR_FILE) as ActorJson;
  if (json.format !== "perfspec-actor-ngram" || !Array.isArray(json.counts))
    throw new Error(`${ACTOR_FILE}: not a perfspec actor n-gram model (format "${json.format}")`);
  const model = new ActorNgramModel(json.size, json.window, json.options);
  model.restore(json);
  return model;
}
