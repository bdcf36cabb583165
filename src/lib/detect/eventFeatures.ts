/**
 * Window features of audit events, for detectors that are not sequence models (isolation forest, supervised
 * classifiers): what the event is (verb class, hashed action, subresource, denial, who), what is new about it for
 * its actor, how rare its (actor, action) pair is, and a hashed bag of the actor's previous actions. Computed in
 * order, learning as it goes, like the audit detector's profile: the reference events are the benign past.
 */
import type {DetectEvent} from "./detectEvent.js";
import {NO_ACTOR} from "./detectEvent.js";

/** Hash buckets for the action and for the actor's window of previous actions. */
export const ACTION_BUCKETS = 16;
/** Previous actions of the same actor in the window bag. */
export const FEATURE_WINDOW = 5;

/** Names of the fixed features, in order (then `action#k` and `window#k` buckets). */
export const BASE_FEATURES = [
  "kept",
  "read",
  "create",
  "update",
  "delete",
  "subresource",
  "denied",
  "anonymous",
  "service account",
  "system component",
  "kube-system",
  "cluster-scoped",
  "new user",
  "new namespace for user",
  "new action for user",
  "new resource for user",
  "new user agent or IP",
  "new (previous, action) pair for user",
  "rarity of (user, action)",
  "rarity of action"
] as const;

/** Every feature's name, in column order. */
export const FEATURE_NAMES: readonly string[] = [
  ...BASE_FEATURES,
  ...Array.from({length: ACTION_BUCKETS}, (_, k) => `action#${k}`),
  ...Array.from({length: ACTION_BUCKETS}, (_, k) => `window#${k}`)
];

/** Features that read as a reason when set (binary context findings), by column. */
export const NOVELTY_COLUMNS: readonly number[] = [6, 7, 12, 13, 14, 15, 16, 17];

interface Actor {
  namespaces: Set<string>;
  actions: Map<string, number>;
  resources: Set<string>;
  origins: Set<string>;
  pairs: Set<string>;
  total: number;
  recent: string[];
}

/**
 * Streams events into feature rows: each event is judged against the reference events and the events before it,
 * then observed. `reference` holds benign past events (all verbs: the profile counts reads too).
 * @example new EventFeaturizer(trainEvents).rows(testEvents)[0].length // FEATURE_NAMES.length
 */
export class EventFeaturizer {
  private readonly actors = new Map<string, Actor>();
  private readonly namespaces = new Set<string>();
  private readonly actions = new Map<string, number>();
  private total = 0;

  constructor(reference: Iterable<DetectEvent> = []) {
    for (const e of reference) this.observe(e, true);
  }

  /** Feature rows of `events`, in order; each event is observed after its row is computed. */
  rows(events: readonly DetectEvent[]): number[][] {
    return events.map((e) => {
      const row = this.row(e);
      this.observe(e, false);
      return row;
    });
  }

  private row(e: DetectEvent): number[] {
    const user = e.user ?? NO_ACTOR;
    const actor = this.actors.get(user);
    const resource = `${e.resource ?? ""}/${e.subresource ?? ""}`;
    const previous = actor?.recent[actor.recent.length - 1] ?? "";
    const userActions = actor?.actions.get(e.action) ?? 0;
    const vocabulary = this.actions.size + 1;
    const newOrigin =
      actor !== undefined &&
      ((e.userAgent !== null && !actor.origins.has(`ua:${e.userAgent}`)) ||
        (e.sourceIP !== null && !actor.origins.has(`ip:${e.sourceIP}`)));
    const row = [
      e.kept ? 1 : 0,
      READS.has(e.verb) ? 1 : 0,
      e.verb === "create" ? 1 : 0,
      e.verb === "update" || e.verb === "patch" ? 1 : 0,
      e.verb === "delete" || e.verb === "deletecollection" ? 1 : 0,
      e.subresource ? 1 : 0,
      e.code === 401 || e.code === 403 ? 1 : 0,
      e.user === null || e.user === "system:anonymous" ? 1 : 0,
      user.startsWith("system:serviceaccount:") ? 1 : 0,
      user.startsWith("system:node:") || user.startsWith("system:kube-") ? 1 : 0,
      e.namespace === "kube-system" ? 1 : 0,
      e.namespace === null ? 1 : 0,
      actor ? 0 : 1,
      actor && e.namespace !== null && this.namespaces.has(e.namespace) && !actor.namespaces.has(e.namespace) ? 1 : 0,
      actor && userActions === 0 ? 1 : 0,
      actor && !actor.resources.has(resource) ? 1 : 0,
      newOrigin ? 1 : 0,
      actor && actor.recent.length > 0 && !actor.pairs.has(`${previous}\u0000${e.action}`) ? 1 : 0,
      // -log of add-one smoothed frequencies, scaled to about 0..1 (a log of 16k events has -log p ≤ 10).
      -Math.log((userActions + 1) / ((actor?.total ?? 0) + vocabulary)) / 10,
      -Math.log(((this.actions.get(e.action) ?? 0) + 1) / (this.total + vocabulary)) / 10
    ];
    const action = new Array<number>(ACTION_BUCKETS).fill(0);
    action[bucket(e.action)] = 1;
    const window = new Array<number>(ACTION_BUCKETS).fill(0);
    for (const a of actor?.recent ?? []) window[bucket(a)] += 1 / FEATURE_WINDOW;
    return [...row, ...action, ...window];
  }

  private observe(e: DetectEvent, learning: boolean): void {
    const user = e.user ?? NO_ACTOR;
    let actor = this.actors.get(user);
    if (!actor)
      this.actors.set(
        user,
        (actor = {
          namespaces: new Set(),
          actions: new Map(),
          resources: new Set(),
          origins: new Set(),
          pairs: new Set(),
          total: 0,
          recent: []
        })
      );
    // Like ActorProfile: only the reference establishes namespaces (a namespace created since is its creator's).
    if (learning && e.namespace !== null) this.namespaces.add(e.namespace);
    if (e.namespace !== null) actor.namespaces.add(e.namespace);
    actor.actions.set(e.action, (actor.actions.get(e.action) ?? 0) + 1);
    actor.resources.add(`${e.resource ?? ""}/${e.subresource ?? ""}`);
    if (e.userAgent !== null) actor.origins.add(`ua:${e.userAgent}`);
    if (e.sourceIP !== null) actor.origins.add(`ip:${e.sourceIP}`);
    if (actor.recent.length > 0) actor.pairs.add(`${actor.recent[actor.recent.length - 1]}\u0000${e.action}`);
    actor.recent.push(e.action);
    if (actor.recent.length > FEATURE_WINDOW) actor.recent.shift();
    ++actor.total;
    this.actions.set(e.action, (this.actions.get(e.action) ?? 0) + 1);
    ++this.total;
  }
}

const READS = new Set(["get", "list", "watch"]);

/** FNV-1a of a string into one of ACTION_BUCKETS buckets (stable across hosts). */
function bucket(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; ++i) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) % ACTION_BUCKETS;
}

/**
 * Names of the novelty features set in a row (reasons a person can read).
 * @example noveltyReasons(row) // ["new namespace for user", "new action for user"]
 */
export function noveltyReasons(row: readonly number[]): string[] {
  return NOVELTY_COLUMNS.filter((c) => row[c] > 0).map((c) => FEATURE_NAMES[c]);
}
