/**
 * What each actor (user) did in training: the namespaces it touched, the actions it took, the user agents and
 * source IPs it came from. Detection asks the profile what is new about an event; actions alone miss these (an
 * account stolen and used from another machine does its usual actions).
 */
import type {DetectEvent} from "./detectEvent.js";
import {NO_ACTOR} from "./detectEvent.js";
import {controllerInputs} from "./controllerTriggers.js";
import {releaseWritten, type HelmRelease} from "./helmReleases.js";

/** One context finding: a named feature, a sentence for a person, and its weight in the score. */
export interface ContextFinding {
  feature: "new-user" | "new-namespace" | "new-action" | "new-user-agent" | "new-source-ip" | "denied";
  reason: string;
  weight: number;
}

/** Weights of the context findings in the event score (see auditDetector.ts: 1 - Π(1 - w)). */
export const CONTEXT_WEIGHTS: Readonly<Record<ContextFinding["feature"], number>> = Object.freeze({
  "new-user": 0.6,
  "new-namespace": 0.6,
  "new-action": 0.5,
  "new-user-agent": 0.3,
  "new-source-ip": 0.3,
  denied: 0.5
});

const KUBELET = "system:node:";
const WRITE_VERBS = new Set(["create", "update", "patch", "delete", "deletecollection"]);

interface ActorRecord {
  namespaces: Set<string>;
  actions: Set<string>;
  userAgents: Set<string>;
  sourceIPs: Set<string>;
}

export interface ActorProfileJson {
  format: "perfspec-actor-profile";
  version: 1;
  namespaces: string[];
  /** Helm releases whose secret the events wrote (see helmReleases.ts). */
  releases?: Record<string, HelmRelease>;
  /** Events observed so far, and when each namespace's resource was last written (see inputWrittenWithin). */
  clock?: number;
  writes?: Record<string, number>;
  actors: Record<string, {namespaces: string[]; actions: string[]; userAgents: string[]; sourceIPs: string[]}>;
}

export class ActorProfile {
  private readonly actors = new Map<string, ActorRecord>();
  /** Namespaces anyone touched in training: a user's first step into one of these is news, into a brand-new one is not. */
  private readonly namespaces = new Set<string>();
  /** Helm releases seen (training and detection alike: an install goes on after training ends). */
  readonly releases = new Map<string, HelmRelease>();
  /** Events observed (training and detection alike), the clock of `writes`. */
  private clock = 0;
  /** `<namespace>/<resource>` → the clock at its last write by anyone but a controller reconciling that resource. */
  private readonly writes = new Map<string, number>();

  /**
   * The profile of training events (every event counts, kept by the cleaning policy or not).
   * @example ActorProfile.fromEvents(trainingEvents).findings(event).map((f) => f.reason)
   */
  static fromEvents(events: Iterable<DetectEvent>): ActorProfile {
    const profile = new ActorProfile();
    for (const e of events) profile.observe(e);
    return profile;
  }

  /** Adds one event's context to the profile (`learning: false`: to the actor only, as detection does). */
  observe(event: DetectEvent, learning = true): void {
    if (learning && event.namespace !== null) this.namespaces.add(event.namespace);
    this.clock++;
    if (
      WRITE_VERBS.has(event.verb) &&
      event.namespace !== null &&
      event.resource !== null &&
      (event.code === null || event.code < 400) &&
      !controllerInputs(event.user)?.includes(event.resource)
    )
      this.writes.set(`${event.namespace}/${event.resource}`, this.clock);
    const user = event.user ?? NO_ACTOR;
    const release = releaseWritten(event);
    if (release !== null) {
      let r = this.releases.get(release);
      if (!r) this.releases.set(release, (r = {namespace: event.namespace as string, installers: []}));
      if (event.user !== null && !r.installers.includes(event.user)) r.installers.push(event.user);
    }
    let record = this.actors.get(user);
    if (!record)
      this.actors.set(
        user,
        (record = {namespaces: new Set(), actions: new Set(), userAgents: new Set(), sourceIPs: new Set()})
      );
    if (event.namespace !== null) record.namespaces.add(event.namespace);
    record.actions.add(event.action);
    if (event.userAgent !== null) record.userAgents.add(event.userAgent);
    if (event.sourceIP !== null) record.sourceIPs.add(event.sourceIP);
  }

  /** An independent copy (detection learns as it goes without changing the trained profile). */
  clone(): ActorProfile {
    return ActorProfile.fromJSON(this.toJSON());
  }

  /**
   * Whether anyone acted in `namespace` in training. A namespace first seen since is young: a new application being
   * installed, whose actions and orderings are new by construction (detectAuditEvents keeps quiet about those).
   * @example profile.establishes("kube-system") // true
   */
  establishes(namespace: string): boolean {
    return this.namespaces.has(namespace);
  }

  /**
   * Whether `user` was seen taking `action` (in training, or since when detection observed it); for a kubelet
   * (`system:node:<node>`), whether any kubelet was: the same component runs on every node.
   * @example profile.hasAction("system:node:worker-2", "create_tokenreviews") // true once worker-1's was observed
   */
  hasAction(user: string | null, action: string): boolean {
    if (user?.startsWith(KUBELET)) {
      for (const [u, r] of this.actors) if (u.startsWith(KUBELET) && r.actions.has(action)) return true;
      return false;
    }
    return this.actors.get(user ?? NO_ACTOR)?.actions.has(action) ?? false;
  }

  /**
   * Whether, within the last `within` events observed, someone other than `user` wrote in `namespace` a resource
   * that `user`, a kube-system controller, reconciles (controllerTriggers.ts): its write there is the chain at work.
   * @example profile.inputWrittenWithin("system:serviceaccount:kube-system:replicaset-controller", "argo-cd", 200) // true after a replica set was created there
   */
  inputWrittenWithin(user: string | null, namespace: string | null, within: number): boolean {
    const inputs = controllerInputs(user);
    if (inputs === null || namespace === null) return false;
    return inputs.some((r) => this.clock - (this.writes.get(`${namespace}/${r}`) ?? -Infinity) < within);
  }

  /** Number of actors known. */
  get size(): number {
    return this.actors.size;
  }

  /**
   * What is new about `event` for its actor, and whether it was denied. A namespace counts as new for the actor
   * only when others used it in training: acting in a namespace created since is what its creator asked for.
   * @example profile.findings({user: "alice", namespace: "kube-system", ...}) // [{feature: "new-namespace", reason: "first action of this user in kube-system", weight: 0.6}]
   */
  findings(event: DetectEvent): ContextFinding[] {
    const out: ContextFinding[] = [];
    const find = (feature: ContextFinding["feature"], reason: string) =>
      out.push({feature, reason, weight: CONTEXT_WEIGHTS[feature]});
    const user = event.user ?? NO_ACTOR;
    const record = this.actors.get(user);
    if (!record) find("new-user", `user ${user} never seen in training`);
    else {
      if (event.namespace !== null && this.namespaces.has(event.namespace) && !record.namespaces.has(event.namespace))
        find("new-namespace", `first action of this user in ${event.namespace}`);
      if (!record.actions.has(event.action)) find("new-action", `first ${event.action} by this user`);
      if (event.userAgent !== null && !record.userAgents.has(event.userAgent))
        find("new-user-agent", `new user agent for this user: ${event.userAgent}`);
      if (event.sourceIP !== null && !record.sourceIPs.has(event.sourceIP))
        find("new-source-ip", `new source IP for this user: ${event.sourceIP}`);
    }
    if (event.code === 401 || event.code === 403) find("denied", `denied (${event.code})`);
    return out;
  }

  toJSON(): ActorProfileJson {
    const actors: ActorProfileJson["actors"] = {};
    for (const [user, r] of this.actors)
      actors[user] = {
        namespaces: [...r.namespaces],
        actions: [...r.actions],
        userAgents: [...r.userAgents],
        sourceIPs: [...r.sourceIPs]
      };
    return {
      format: "perfspec-actor-profile",
      version: 1,
      namespaces: [...this.namespaces],
      releases: Object.fromEntries([...this.releases].map(([k, r]) => [k, {...r, installers: [...r.installers]}])),
      clock: this.clock,
      writes: Object.fromEntries(this.writes),
      actors
    };
  }

  /** A profile saved with toJSON (throws on anything else). */
  static fromJSON(json: unknown): ActorProfile {
    const value = json as Partial<ActorProfileJson> | null;
    if (value?.format !== "perfspec-actor-profile" || typeof value.actors !== "object" || value.actors === null)
      throw new Error("not a perfspec actor profile");
    const profile = new ActorProfile();
    for (const namespace of value.namespaces ?? []) profile.namespaces.add(namespace);
    for (const [release, r] of Object.entries(value.releases ?? {}))
      profile.releases.set(release, {namespace: r.namespace, installers: [...r.installers]});
    profile.clock = value.clock ?? 0;
    for (const [key, at] of Object.entries(value.writes ?? {})) profile.writes.set(key, at);
    for (const [user, r] of Object.entries(value.actors))
      profile.actors.set(user, {
        namespaces: new Set(r.namespaces),
        actions: new Set(r.actions),
        userAgents: new Set(r.userAgents),
        sourceIPs: new Set(r.sourceIPs)
      });
    return profile;
  }
}
