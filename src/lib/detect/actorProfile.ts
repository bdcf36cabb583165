/**
 * What each actor (user) did in training: the namespaces it touched, the actions it took, the user agents and
 * source IPs it came from. Detection asks the profile what is new about an event; actions alone miss these (an
 * account stolen and used from another machine does its usual actions).
 */
import type {DetectEvent} from "./detectEvent.js";
import {NO_ACTOR} from "./detectEvent.js";
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

/** The verbs that make an object someone's (see derivesFrom). */
const OBJECT_WRITES = new Set(["create", "update", "patch"]);

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
  /**
   * When each namespace was first seen, as the number of training events before it, and how many training events
   * there were (absent in profiles saved before: every namespace then counts as long established).
   */
  namespaceFirstSeen?: Record<string, number>;
  trainingEvents?: number;
  /** Helm releases whose secret the events wrote (see helmReleases.ts). */
  releases?: Record<string, HelmRelease>;
  /** Objects written, by namespace and name, with who wrote them (see derivesFrom). */
  objects?: Record<string, Record<string, string[]>>;
  actors: Record<string, {namespaces: string[]; actions: string[]; userAgents: string[]; sourceIPs: string[]}>;
}

export class ActorProfile {
  private readonly actors = new Map<string, ActorRecord>();
  /** Namespaces anyone touched in training: a user's first step into one of these is news, into a brand-new one is not. */
  private readonly namespaces = new Set<string>();
  /** Training events before each namespace's first one, and training events in all (see establishes). */
  private readonly firstSeen = new Map<string, number>();
  private trainingEvents = 0;
  /** Helm releases seen (training and detection alike: an install goes on after training ends). */
  readonly releases = new Map<string, HelmRelease>();
  /** namespace -> object name -> users who wrote it (created, updated or patched), training and detection alike. */
  private readonly objects = new Map<string, Map<string, string[]>>();

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
    if (learning) {
      if (event.namespace !== null && !this.namespaces.has(event.namespace)) {
        this.namespaces.add(event.namespace);
        this.firstSeen.set(event.namespace, this.trainingEvents);
      }
      this.trainingEvents++;
    }
    const user = event.user ?? NO_ACTOR;
    const release = releaseWritten(event);
    if (release !== null) {
      let r = this.releases.get(release);
      if (!r) this.releases.set(release, (r = {namespace: event.namespace as string, installers: []}));
      if (event.user !== null && !r.installers.includes(event.user)) r.installers.push(event.user);
    }
    if (event.namespace !== null && event.name !== null && OBJECT_WRITES.has(event.verb)) {
      let names = this.objects.get(event.namespace);
      if (!names) this.objects.set(event.namespace, (names = new Map()));
      const writers = names.get(event.name);
      if (!writers) names.set(event.name, [user]);
      else if (!writers.includes(user)) writers.push(user);
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
   * Whether anyone acted in `namespace` in training, at least `settling` training events before its end. A namespace
   * first seen since (or in the last `settling` events) is young: a new application being installed, whose actions,
   * orderings and controllers are new by construction (detectAuditEvents keeps quiet about those). `settling` is for
   * an install that straddles the end of training: its namespace is known, its controllers have not all acted yet.
   * @example profile.establishes("kube-system") // true
   */
  establishes(namespace: string, settling = 0): boolean {
    if (!this.namespaces.has(namespace)) return false;
    return settling <= 0 || this.trainingEvents - (this.firstSeen.get(namespace) ?? -Infinity) >= settling;
  }

  /** Whether `user` was seen taking `action` (in training, or since when detection observed it). */
  hasAction(user: string | null, action: string): boolean {
    return this.actors.get(user ?? NO_ACTOR)?.actions.has(action) ?? false;
  }

  /**
   * Whether `event` acts on an object someone else wrote in its namespace: the object itself, or its owner by
   * Kubernetes' naming (`web` -> replica set `web-5d8f9` -> pod `web-5d8f9-x2x7q`; a service and its endpoints share a
   * name). A controller's first write in a namespace is then its reaction to what another identity made there.
   * @example profile.derivesFrom({user: "system:serviceaccount:kube-system:deployment-controller", namespace: "apps", name: "web-5d8f9", ...}) // true after the admin created deployment web in apps
   */
  derivesFrom(event: DetectEvent): boolean {
    if (event.namespace === null || event.name === null) return false;
    const names = this.objects.get(event.namespace);
    if (!names) return false;
    const user = event.user ?? NO_ACTOR;
    const byOthers = (name: string) => names.get(name)?.some((u) => u !== user) ?? false;
    if (byOthers(event.name)) return true;
    for (let cut = event.name.lastIndexOf("-"); cut > 0; cut = event.name.lastIndexOf("-", cut - 1))
      if (byOthers(event.name.slice(0, cut))) return true;
    return false;
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
  findings(event: DetectEvent, settling = 0): ContextFinding[] {
    const out: ContextFinding[] = [];
    const find = (feature: ContextFinding["feature"], reason: string) =>
      out.push({feature, reason, weight: CONTEXT_WEIGHTS[feature]});
    const user = event.user ?? NO_ACTOR;
    const record = this.actors.get(user);
    if (!record) find("new-user", `user ${user} never seen in training`);
    else {
      if (
        event.namespace !== null &&
        this.establishes(event.namespace, settling) &&
        !record.namespaces.has(event.namespace)
      )
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
      namespaceFirstSeen: Object.fromEntries(this.firstSeen),
      trainingEvents: this.trainingEvents,
      objects: Object.fromEntries(
        [...this.objects].map(([ns, names]) => [ns, Object.fromEntries([...names].map(([n, w]) => [n, [...w]]))])
      ),
      releases: Object.fromEntries([...this.releases].map(([k, r]) => [k, {...r, installers: [...r.installers]}])),
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
    for (const [namespace, at] of Object.entries(value.namespaceFirstSeen ?? {})) profile.firstSeen.set(namespace, at);
    profile.trainingEvents = value.trainingEvents ?? 0;
    for (const [namespace, names] of Object.entries(value.objects ?? {}))
      profile.objects.set(namespace, new Map(Object.entries(names).map(([n, w]) => [n, [...w]])));
    for (const [release, r] of Object.entries(value.releases ?? {}))
      profile.releases.set(release, {namespace: r.namespace, installers: [...r.installers]});
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
