/**
 * The audit-log detector: DeepLog's rule over any next-action Predictor, per actor session, plus the context an
 * action alone misses (a new namespace, action, user agent or source IP for the actor; denied requests), plus the
 * optional threat rules. Every flagged event carries a score, its reasons and the actions the model expected.
 */
import {createModel} from "../learn/models.js";
import type {ModelKind, Predictor} from "../learn/predictor.js";
import {buildVocabulary, encode, PAD_ID, UNK_ID, type Vocabulary} from "../learn/vocabulary.js";
import {contextBefore} from "../learn/windows.js";
import {ActorProfile, type ContextFinding} from "./actorProfile.js";
import {NO_ACTOR, sessionKey, type ActorSessions, type DetectEvent} from "./detectEvent.js";
import {judgeNextAction, type NextActionRule, type NextActionVerdict} from "./nextActionRule.js";
import {installOf, ownedBy, type HelmRelease} from "./helmReleases.js";
import {isControlPlane, threatRuleHits, type RuleHit} from "./threatRules.js";

export interface AuditDetector {
  model: Predictor;
  vocabulary: Vocabulary;
  sessions: ActorSessions;
  /** Null when the detector has no profile (a model folder from `perfspec train`): no context findings. */
  profile: ActorProfile | null;
  /**
   * The last `window` actions of each training session: detection continues an actor's session where training
   * left it, rather than as a fresh start (empty for a plain model folder).
   */
  tails: Record<string, string[]>;
}

export interface TrainDetectorOptions {
  /** Default "ngram". */
  kind?: ModelKind;
  /** Default 2. */
  window?: number;
  /** Default "user". */
  sessions?: ActorSessions;
  hyperparameters?: Record<string, unknown>;
}

/**
 * Fits a detector on benign events: the model on the kept actions of each actor session, the profile on every event.
 * @example const detector = await trainAuditDetector(benignEvents, {window: 2, sessions: "user"})
 */
export async function trainAuditDetector(
  events: readonly DetectEvent[],
  options: TrainDetectorOptions = {}
): Promise<AuditDetector> {
  const {kind = "ngram", window = 2, sessions = "user", hyperparameters} = options;
  const grouped = new Map<string, string[]>();
  for (const e of events) {
    if (!e.kept) continue;
    const key = sessionKey(e, sessions);
    let actions = grouped.get(key);
    if (!actions) grouped.set(key, (actions = []));
    actions.push(e.action);
  }
  if (grouped.size === 0) throw new Error("no actions to train on (every event was dropped by the cleaning policy)");
  const vocabulary = buildVocabulary(grouped.values());
  const model = await createModel({kind, window, vocabulary, hyperparameters});
  await model.fit([...grouped.values()].map((s) => encode(vocabulary, s)));
  const tails: Record<string, string[]> = {};
  for (const [key, actions] of grouped) tails[key] = actions.slice(-window);
  return {model, vocabulary, sessions, profile: ActorProfile.fromEvents(events), tails};
}

/**
 * How recent (in events) someone else's write of a controller's input must be for the controller's write to follow it:
 * in the training part of the labelled corpus every controller's first write in a namespace came at most 64 events
 * after its input was written there, except the cluster's own start-up (docs/detection.md).
 */
export const CONTROLLER_CHAIN_EVENTS = 100;

const isKubelet = (user: string | null) => user !== null && user.startsWith("system:node:");

/** Weight of a follow-up in the score (a context finding's range: 0.3 for a new user agent, 0.6 for a new user). */
const FOLLOW_UP_WEIGHT = 0.4;

const WRITE_VERBS = new Set(["create", "update", "patch", "delete", "deletecollection"]);

/** Contexts per predict() call. */
const PREDICT_BATCH = 4096;

export interface DetectOptions extends NextActionRule {
  /** Apply the threat rules (default true). */
  rules?: boolean;
  /** Report the sequence rule's findings (default true; false leaves context and rules, the model still ranks). */
  sequence?: boolean;
  /** Report context findings (default true when the detector has a profile). */
  context?: boolean;
  /**
   * Also report context findings for the events the cleaning policy drops (reads: get/list/watch), which the model
   * never scores. Default false. On the labelled corpus (docs/detection.md) a campaign's reads (the list before an
   * attack, the get after it) are most of what a detector of kept actions misses; the price is benign reads flagged.
   */
  contextOnReads?: boolean;
  /**
   * Keep the sequence rule and "first <action> by this user" quiet for events in a young namespace (one nobody used
   * in training): a new application being installed brings actions and orderings the model never saw. Default false
   * (docs/detection.md: most benign writes flagged on validation were a Helm release in a new namespace).
   */
  quietYoungNamespaces?: boolean;
  /**
   * A write on an object named after a Helm release the stream has seen, in the release's namespace (or by the
   * release's own accounts in the cluster scope, or by its installer: helmReleases.installOf), is that install at
   * work: no sequence rule, no first action or first namespace, no follow-up, and no new-user finding for the
   * release's own accounts; a webhook configuration change by the release's own accounts is not an
   * `admission-webhook-change`. Default false.
   */
  installProvenance?: boolean;
  /**
   * An action never seen in training is reported once per control-plane component (each kube-system controller;
   * the kubelets together, one component on every node): a controller reconciles, so its new action repeats; a
   * person's or workload's repeats stay flagged. Default false.
   */
  controlPlaneNoveltyOnce?: boolean;
  /**
   * A kube-system controller's write in a namespace within CONTROLLER_CHAIN_EVENTS events of someone else's write
   * there of what it reconciles (a replica set for the replica-set controller, a service for the endpoint-slice
   * controller: controllerTriggers.ts) is not its first step into that namespace: the controllers follow an install.
   * Default false.
   */
  controllerChains?: boolean;
  /**
   * The kubelets are one component on every node: a kubelet's first use of an action another kubelet already took is
   * not news (`first patch_nodes by this user` on a node that joined later). Default false.
   */
  kubeletsAsOne?: boolean;
  /**
   * Creating a namespace nobody used is the first event of a young namespace (see quietYoungNamespaces): no sequence
   * rule for it; a user's first namespace creation, a new user, a denial and the rules still report. Default false.
   */
  youngNamespaceCreation?: boolean;
  /**
   * After a learned finding (other than a denial alone) on a user in a namespace, flag that user's next N requests
   * there that nothing else flagged: the rest of the campaign (the get after a create, the second write of a hijacked
   * identity in a namespace it just stepped into). Follow-ups do not open new ones. Default 0 (off).
   */
  followUps?: number;
  /**
   * Follow-ups still open, by user and namespace (read and updated): a stream passes the same map with every batch
   * so that a batch continues the one before. Default: a fresh map per call.
   */
  openFollowUps?: Map<string, number>;
  /** How many expected actions a reason names before "…" (the `expected` list has all g). Default 3. */
  reasonNames?: number;
}

export interface FlaggedEvent {
  file: string | null;
  line: number | null;
  auditID: string;
  user: string | null;
  namespace: string | null;
  action: string;
  /** 0..1: 1 - Π(1 - w) over the learned findings (the sequence rule's weight is 1 - p); 0 when only rules hit. */
  score: number;
  /** Why the learned layers flagged the event (sequence rule and context). */
  reasons: string[];
  /** The threat rules the event matched (reported apart from the score). */
  rules: RuleHit[];
  /** The model's top-g actions for the event's context (empty for events the model does not score). */
  expected: string[];
}

export interface DetectionResult {
  /** Events scored by the model (the kept actions). */
  events: number;
  flagged: FlaggedEvent[];
}

/**
 * Scores `events` in order. Context is learned as detection goes: the first action of a user in a namespace is
 * flagged, the second is not (one alert per novelty). Events the cleaning policy drops are seen by the rules only,
 * unless `contextOnReads`; `quietYoungNamespaces` and `followUps` are off unless asked for (see HIGH_RECALL).
 * @example detectAuditEvents(detector, events, {topG: 9}).flagged[0].reasons // ["not in top-9 (rank 11); expected update_secrets, …"]
 */
export function detectAuditEvents(
  detector: AuditDetector,
  events: readonly DetectEvent[],
  options: DetectOptions
): DetectionResult {
  const {
    rules = true,
    reasonNames = 3,
    contextOnReads = false,
    quietYoungNamespaces = false,
    followUps = 0,
    installProvenance = false,
    controlPlaneNoveltyOnce = false,
    controllerChains = false,
    kubeletsAsOne = false,
    youngNamespaceCreation = false
  } = options;
  const profile = options.context === false ? null : (detector.profile?.clone() ?? null);
  const young = (e: DetectEvent) =>
    quietYoungNamespaces &&
    e.namespace !== null &&
    detector.profile !== null &&
    !detector.profile.establishes(e.namespace);
  // The create of a namespace nobody used: the young namespace's first event (its name is the namespace).
  const createsYoung = (e: DetectEvent) =>
    youngNamespaceCreation &&
    e.resource === "namespaces" &&
    e.verb === "create" &&
    e.name !== null &&
    detector.profile !== null &&
    !detector.profile.establishes(e.name);
  const verdicts = new Map<number, {reasons: string[]; weights: number[]; expected: string[]; target: number}>();
  for (const [i, {verdict, target, expected}] of nextActionVerdicts(detector, events, options)) {
    const reasons: string[] = [];
    const weights: number[] = [];
    if (verdict.anomalous && options.sequence !== false && !young(events[i]) && !createsYoung(events[i])) {
      reasons.push(sequenceReason(events[i].action, target, verdict, expected, options, reasonNames));
      weights.push(1 - verdict.probability);
    }
    verdicts.set(i, {reasons, weights, expected, target});
  }

  const open = options.openFollowUps ?? new Map<string, number>();
  const flagged: FlaggedEvent[] = [];
  events.forEach((e, i) => {
    const verdict = verdicts.get(i);
    // Only writes: an install writes its objects; a read of them (the get before an exec) is anyone's.
    const release = installProvenance && profile && WRITE_VERBS.has(e.verb) ? installOf(e, profile.releases) : null;
    const owned = release !== null && ownedBy(e.user, profile?.releases.get(release) as HelmRelease);
    const unseen = verdict !== undefined && verdict.target === UNK_ID;
    // A controller's action never seen in training, already reported once: its reconciling, not news again.
    const repeat = controlPlaneNoveltyOnce && unseen && isControlPlane(e.user) && profile?.hasAction(e.user, e.action);
    const reasons = verdict && release === null && !repeat ? [...verdict.reasons] : [];
    const weights = verdict && release === null && !repeat ? [...verdict.weights] : [];
    let opens = reasons.length > 0;
    if (profile && (e.kept || contextOnReads)) {
      // An action the model never saw is already a reason; "first <action> by this user" would repeat it. In a young
      // namespace a first action is the new application's, not news; nor is an install's first step anywhere.
      const quiet = unseen || young(e) || release !== null;
      const write = WRITE_VERBS.has(e.verb);
      // A controller following someone else's write of its input there; a kubelet doing what kubelets do.
      const chained =
        controllerChains && write && profile.inputWrittenWithin(e.user, e.namespace, CONTROLLER_CHAIN_EVENTS);
      const fleet = kubeletsAsOne && isKubelet(e.user) && profile.hasAction(e.user, e.action);
      const findings: ContextFinding[] = profile
        .findings(e)
        .filter(
          (f) =>
            !((quiet || fleet) && f.feature === "new-action") &&
            !((release !== null || chained) && f.feature === "new-namespace") &&
            !(owned && f.feature === "new-user")
        );
      for (const f of findings) {
        reasons.push(f.reason);
        weights.push(f.weight);
        if (f.feature !== "denied") opens = true;
      }
      profile.observe(e, false);
    }
    const hits = (rules ? threatRuleHits(e) : []).filter((h) => !(owned && h.rule === "admission-webhook-change"));
    const key = `${e.user ?? NO_ACTOR}\u0000${e.namespace ?? ""}`;
    const left = open.get(key) ?? 0;
    // An install's write is explained by its release: it takes no follow-up.
    if (reasons.length === 0 && hits.length === 0 && left > 0 && release === null) {
      reasons.push(`next request of this user in ${e.namespace ?? "the cluster scope"} after an alert`);
      weights.push(FOLLOW_UP_WEIGHT);
      if (left > 1) open.set(key, left - 1);
      else open.delete(key);
    }
    if (opens && followUps > 0) open.set(key, followUps);
    if (reasons.length === 0 && hits.length === 0) return;
    flagged.push({
      file: e.file ?? null,
      line: e.line ?? null,
      auditID: e.auditID,
      user: e.user,
      namespace: e.namespace,
      action: e.action,
      score: round(1 - weights.reduce((p, w) => p * (1 - w), 1)),
      reasons,
      rules: hits,
      expected: verdict?.expected ?? []
    });
  });
  return {events: verdicts.size, flagged};
}

/**
 * The high-recall detector (`perfspec detect --high-recall`), chosen on the labelled corpus's validation corpora
 * (docs/detection.md): context on every event, quiet young namespaces, Helm release provenance, a control-plane
 * identity's never-seen action reported once, controller chains, the kubelets as one component, a young namespace's
 * creation, and two follow-ups (the protocol's choice once the last three kept every corpus within 3%).
 */
export const HIGH_RECALL: Readonly<
  Pick<
    DetectOptions,
    | "contextOnReads"
    | "quietYoungNamespaces"
    | "followUps"
    | "installProvenance"
    | "controlPlaneNoveltyOnce"
    | "controllerChains"
    | "kubeletsAsOne"
    | "youngNamespaceCreation"
  >
> = Object.freeze({
  contextOnReads: true,
  quietYoungNamespaces: true,
  followUps: 2,
  installProvenance: true,
  controlPlaneNoveltyOnce: true,
  controllerChains: true,
  kubeletsAsOne: true,
  youngNamespaceCreation: true
});

/** The g `--high-recall` runs at: the protocol's choice on its validation corpora (the command's default for audit logs). */
export const HIGH_RECALL_TOP_G = 15;

/** The model's verdict on one kept event: the rule's result, the action's id and the top-g actions by name. */
export interface EventVerdict {
  verdict: NextActionVerdict;
  target: number;
  expected: string[];
}

/**
 * DeepLog's rule on every kept event of `events`, by index (dropped events have none), each actor session continuing
 * where training left it. `detectAuditEvents` builds its reasons on it; the Detection page reads each event's rank.
 * @example nextActionVerdicts(detector, events, {topG: 9}).get(0)?.verdict.rank // 3
 */
export function nextActionVerdicts(
  detector: AuditDetector,
  events: readonly DetectEvent[],
  rule: NextActionRule
): Map<number, EventVerdict> {
  const {model, vocabulary, sessions} = detector;
  // Contexts of every kept event first, so the model predicts in one batch (fast for the LSTM).
  const histories = new Map<string, number[]>();
  const scored: number[] = [];
  const contexts: number[][] = [];
  const targets: number[] = [];
  events.forEach((e, i) => {
    if (!e.kept) return;
    const key = sessionKey(e, sessions);
    let history = histories.get(key);
    if (!history) histories.set(key, (history = encode(vocabulary, detector.tails[key] ?? [])));
    const id = vocabulary.index.get(e.action) ?? UNK_ID;
    contexts.push(contextBefore(history, history.length, model.window, PAD_ID));
    targets.push(id);
    history.push(id);
    scored.push(i);
  });
  const verdicts = new Map<number, EventVerdict>();
  // Events share contexts (a window of 2 over a few hundred actions): each chunk predicts its distinct contexts once
  // and judges each (context, action) pair once. Chunks of PREDICT_BATCH distinct contexts bound the probability
  // rows held at once (size x 4 bytes each). Same rows, same verdicts as one prediction per event.
  const size = vocabulary.actions.length;
  // A context as one number (its ids in base `size`) when that and the (context, action) pair stay exact integers.
  const numeric = Math.pow(size, model.window + 1) < Number.MAX_SAFE_INTEGER;
  const keys: (number | string)[] = contexts.map((c) =>
    numeric ? c.reduce((k, id) => k * size + id, 0) : c.join(",")
  );
  for (let start = 0; start < contexts.length;) {
    const rowOf = new Map<number | string, number>();
    const chunk: number[][] = [];
    let end = start;
    for (; end < contexts.length; end++) {
      if (rowOf.has(keys[end])) continue;
      if (chunk.length === PREDICT_BATCH) break;
      rowOf.set(keys[end], chunk.length);
      chunk.push(contexts[end]);
    }
    const rows = model.predict(chunk);
    const judged = new Map<number | string, EventVerdict>();
    for (let k = start; k < end; k++) {
      const pair = numeric ? (keys[k] as number) * size + targets[k] : `${keys[k]}>${targets[k]}`;
      let judgement = judged.get(pair);
      if (!judgement) {
        const verdict = judgeNextAction(rows[rowOf.get(keys[k]) as number], targets[k], rule);
        judgement = {verdict, target: targets[k], expected: verdict.expected.map((id) => vocabulary.actions[id])};
        judged.set(pair, judgement);
      }
      verdicts.set(scored[k], judgement);
    }
    start = end;
  }
  return verdicts;
}

/** "not in top-9 (rank 11); expected update_secrets, delete_secrets, update_services, …" and the like. */
function sequenceReason(
  action: string,
  id: number,
  {rank, probability}: NextActionVerdict,
  expected: readonly string[],
  rule: NextActionRule,
  names: number
): string {
  if (id === UNK_ID) return `${action} never seen in training`;
  const list = expected.slice(0, names).join(", ") + (expected.length > names ? ", …" : "");
  if (rank >= rule.topG) return `not in top-${rule.topG} (rank ${rank + 1}); expected ${list}`;
  return `probability ${probability.toPrecision(2)} < ${rule.threshold}; expected ${list}`;
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
