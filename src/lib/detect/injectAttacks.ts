/**
 * A labelled attack corpus: audit.k8s.io/v1 Events for Kubernetes threat-matrix techniques (Microsoft's Threat
 * Matrix for Kubernetes, MITRE ATT&CK for Containers), built in the shape of a benign log's events and interleaved
 * with them in file order and in time. Pure and seeded (d3's randomLcg): the Node edge reads and writes the files.
 */
import {randomLcg} from "d3";
import {CAMPAIGNS, knownBefore, type Benign} from "./injectCampaigns.js";
import {ATTACKER_AGENTS, clientOf, eventOf, uuid} from "./injectEvent.js";
import {TECHNIQUES, type Technique} from "./injectTechniques.js";

export {TECHNIQUES, TECHNIQUE_NAMES, type Technique} from "./injectTechniques.js";

export interface InjectOptions {
  /** Seed of d3's randomLcg. Default 1. */
  seed?: number;
  /** Which techniques (default all). */
  techniques?: readonly Technique[];
  /** Campaigns per technique, each at its own place in the log. Default 3. */
  campaigns?: number;
  /** Inject only after this many benign lines (e.g. the training part). Default 0. */
  start?: number;
}

/** One injected event: insert it after benign line `after` (0-based; -1 = before the first line). */
export interface Injection {
  after: number;
  /** Which campaign the request belongs to (0-based, in generation order: technique by technique). */
  campaign: number;
  technique: Technique;
  /** Events sharing one auditID (e.g. ResponseStarted and ResponseComplete of an exec), in stage order. */
  events: Record<string, unknown>[];
}

export interface InjectResult {
  /** In insertion order (by `after`, then generation order). */
  injections: Injection[];
  /** auditID -> technique, for every injected request. */
  labels: Record<string, Technique>;
}

/**
 * Generates the attack events for `benign` (the parsed lines of a benign log, null for non-events), interleaved:
 * each campaign starts at a random line at or after `start` and its steps follow every few benign lines, with
 * fresh auditIDs and timestamps between their neighbours'.
 * @example injectAttacks(lines, {seed: 7, techniques: ["pods-exec"]}).labels // {"5f0c…": "pods-exec", …}
 */
export function injectAttacks(benign: readonly Benign[], options: InjectOptions = {}): InjectResult {
  const {seed = 1, techniques = TECHNIQUES, campaigns = 3, start = 0} = options;
  for (const t of techniques) if (!TECHNIQUES.includes(t)) throw new Error(`unknown technique "${t}"`);
  if (benign.length - start < 2) throw new Error("too few benign lines to inject into");
  const random = randomLcg(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const times = benign.map(timeOf);
  const injections: Injection[] = [];
  const labels: Record<string, Technique> = {};
  let campaign = 0;
  for (const technique of techniques)
    for (let c = 0; c < campaigns; ++c, ++campaign) {
      let at = start + int(benign.length - start - 1);
      // Identities and objects are those of the log before the campaign: an attacker uses what exists.
      const known = knownBefore(benign, at);
      const steps = CAMPAIGNS[technique](known, {int, pick, random});
      // The attacker's own client: a pod on the cluster network (only used when the log records clients).
      const attacker = {ip: `10.244.${1 + int(3)}.${2 + int(250)}`, agent: pick(ATTACKER_AGENTS)};
      let last = -Infinity;
      for (const step of steps) {
        const auditID = uuid(random);
        // A campaign's requests are in time order even where the benign lines are not.
        const time = (last = Math.max(last + 1, between(times, at, random)));
        const client = clientOf(known, technique, step.user, attacker);
        const events = step.stages.map((stage) => eventOf(step, stage, auditID, time, known.host, client));
        injections.push({after: at, campaign, technique, events});
        labels[auditID] = technique;
        at = Math.min(benign.length - 1, at + 1 + int(12));
      }
    }
  injections.sort((a, b) => a.after - b.after);
  return {injections, labels};
}

/**
 * The output lines: benign lines unchanged, each injection's events (one JSON line per stage) after its line.
 * @example mergeInjections(lines, result.injections).length // lines.length + injected stages
 */
export function mergeInjections(lines: readonly string[], injections: readonly Injection[]): string[] {
  const out: string[] = [];
  let k = 0;
  while (k < injections.length && injections[k].after < 0) out.push(...injections[k++].events.map(stringify));
  lines.forEach((line, i) => {
    out.push(line);
    while (k < injections.length && injections[k].after === i) out.push(...injections[k++].events.map(stringify));
  });
  return out;
}

const stringify = (e: Record<string, unknown>) => JSON.stringify(e);

/** requestReceivedTimestamp in microseconds since the epoch, or null. */
function timeOf(e: Benign): number | null {
  const t = e?.requestReceivedTimestamp;
  if (typeof t !== "string") return null;
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) return null;
  const micros = /\.\d{3}(\d{3})/.exec(t);
  return ms * 1000 + (micros ? Number(micros[1]) : 0);
}

/** A time (µs) just after benign line `at`'s, before the next benign line's when that is later (within 50 ms). */
function between(times: readonly (number | null)[], at: number, random: () => number): number {
  let base: number | null = null;
  for (let i = at; i >= 0 && base === null; --i) base = times[i];
  base ??= Date.UTC(2023, 0, 1) * 1000;
  let next: number | null = null;
  for (let i = at + 1; i < times.length && next === null; ++i) next = times[i];
  const gap = next !== null && next > base ? Math.min(next - base, 50_000) : 1000;
  return base + 1 + Math.floor(random() * Math.max(1, gap - 1));
}
