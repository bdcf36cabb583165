/**
 * The attack-corpus protocol: train on the benign first part of a log (chronological), choose g on a validation
 * part carved from the training part (attacks injected with their own seed), then test every detector on the later
 * part with attacks injected by a seed no test uses. Pure over the log's lines; the script reads the file.
 */
import type {CleaningPolicy} from "../ingest/cleaningPolicy.js";
import {Ingestor} from "../ingest/ingestor.js";
import type {AuditEventRow} from "../ingest/types.js";
import type {ModelKind} from "../learn/predictor.js";
import {
  evaluateDetector,
  eventTruth,
  detectionScores,
  unseenPairFlags,
  type DetectorEvaluation
} from "./attackEvaluation.js";
import {detectAuditEvents, trainAuditDetector} from "./auditDetector.js";
import type {DetectEvent} from "./detectEvent.js";
import {injectAttacks, mergeInjections, type Technique} from "./injectAttacks.js";

export interface AttackProtocolOptions {
  /** Share of the benign lines to train on (default 0.7). */
  trainFraction?: number;
  /** Share of the training part held out to choose g (default 0.2, its end). */
  validationFraction?: number;
  /** Default 1001 (validation) and 2026 (test): no unit test uses them. */
  validationSeed?: number;
  testSeed?: number;
  campaigns?: number;
  techniques?: readonly Technique[];
  /** Candidate g values (default 1, 2, 3, 5, 7, 9, 11, 15). */
  topGs?: readonly number[];
  /** Sequence models to compare (default ["ngram"]). */
  kinds?: readonly ModelKind[];
  hyperparameters?: Partial<Record<ModelKind, Record<string, unknown>>>;
  /** Bootstrap resamples (default 1000). */
  resamples?: number;
  /** The most benign actions a detector may flag, in % (default 3, issue 10's bar). */
  maxBenignPercent?: number;
  /** The cleaning policy every part is ingested with (default perfspec): which events are actions, and their names. */
  policy?: Partial<CleaningPolicy>;
}

export interface GRow {
  g: number;
  precision: number;
  recall: number;
  f1: number;
  /** % of benign kept actions flagged. */
  benignPercent: number;
}

export interface AttackProtocolResult {
  parts: {trainLines: number; validationLines: number; testLines: number; testEvents: number; attacks: number};
  /** Per sequence model: g chosen on validation, the validation and test curves over g (learned + rules). */
  choice: Record<string, {chosen: number; why: string; validation: GRow[]; test: GRow[]; validationWithReads: GRow[]}>;
  detectors: {name: string; layer: "learned" | "rules" | "combined" | "baseline"; evaluation: DetectorEvaluation}[];
}

type Parsed = Record<string, unknown> | null;

/**
 * Runs the protocol on a benign log's lines (and their parsed values).
 * @example const result = await runAttackProtocol(lines, parsed, {kinds: ["ngram"]})
 */
export async function runAttackProtocol(
  lines: readonly string[],
  parsed: readonly Parsed[],
  options: AttackProtocolOptions = {}
): Promise<AttackProtocolResult> {
  const {
    topGs = [1, 2, 3, 5, 7, 9, 11, 15],
    kinds = ["ngram"],
    hyperparameters = {},
    resamples = 1000,
    maxBenignPercent = 3
  } = options;
  const {cut, fitCut, validation, test, fitEvents, trainEvents} = attackCorpora(lines, parsed, options);
  const kept = (events: readonly DetectEvent[]) => events.map((e) => e.kept);
  const valKept = kept(validation.events);
  const testKept = kept(test.events);
  const evaluate = (flags: boolean[]) =>
    evaluateDetector(test.truth, flags, testKept, {resamples, seed: 42, campaigns: test.campaigns});

  const choice: AttackProtocolResult["choice"] = {};
  const detectors: AttackProtocolResult["detectors"] = [];
  let rules: boolean[] | null = null;
  for (const kind of kinds) {
    const fitted = await trainAuditDetector(fitEvents, {kind, hyperparameters: hyperparameters[kind]});
    const valRows: GRow[] = [];
    const valRowsReads: GRow[] = [];
    try {
      for (const g of topGs) {
        const flagged = detectAuditEvents(fitted, validation.events, {topG: g}).flagged;
        valRows.push(gRow(g, validation.truth, flagsOf(validation.events, flagged), valKept));
        const withReads = detectAuditEvents(fitted, validation.events, {topG: g, contextOnReads: true}).flagged;
        valRowsReads.push(gRow(g, validation.truth, flagsOf(validation.events, withReads), valKept));
      }
    } finally {
      fitted.model.dispose();
    }
    const within = valRows.filter((r) => r.benignPercent <= maxBenignPercent);
    const best =
      within.length > 0
        ? within.reduce((a, b) => (b.recall > a.recall ? b : a))
        : valRows.reduce((a, b) => (b.f1 > a.f1 ? b : a));
    const why =
      within.length > 0
        ? `highest validation recall with at most ${maxBenignPercent}% of benign actions flagged`
        : `no g keeps benign flags at or below ${maxBenignPercent}% on validation: highest validation F1`;
    const detector = await trainAuditDetector(trainEvents, {kind, hyperparameters: hyperparameters[kind]});
    try {
      const testRows: GRow[] = [];
      let chosen: {learned: boolean[]; sequence: boolean[]; combined: boolean[]; reads: boolean[]} | null = null;
      for (const g of topGs) {
        const flagged = detectAuditEvents(detector, test.events, {topG: g}).flagged;
        const combined = flagsOf(test.events, flagged);
        testRows.push(gRow(g, test.truth, combined, testKept));
        if (g !== best.g) continue;
        const learned = flagsOf(
          test.events,
          flagged.filter((f) => f.reasons.length > 0)
        );
        rules ??= flagsOf(
          test.events,
          flagged.filter((f) => f.rules.length > 0)
        );
        const sequence = flagsOf(
          test.events,
          detectAuditEvents(detector, test.events, {topG: g, context: false, rules: false}).flagged
        );
        const reads = flagsOf(
          test.events,
          detectAuditEvents(detector, test.events, {topG: g, contextOnReads: true}).flagged
        );
        chosen = {learned, sequence, combined, reads};
      }
      choice[kind] = {chosen: best.g, why, validation: valRows, test: testRows, validationWithReads: valRowsReads};
      if (chosen) {
        detectors.push({
          name: `${kind} top-${best.g}: sequence rule only`,
          layer: "learned",
          evaluation: evaluate(chosen.sequence)
        });
        detectors.push({
          name: `${kind} top-${best.g}: sequence + context`,
          layer: "learned",
          evaluation: evaluate(chosen.learned)
        });
        detectors.push({
          name: `${kind} top-${best.g}: sequence + context + rules`,
          layer: "combined",
          evaluation: evaluate(chosen.combined)
        });
        detectors.push({
          name: `${kind} top-${best.g}: sequence + context on reads too + rules`,
          layer: "combined",
          evaluation: evaluate(chosen.reads)
        });
      }
    } finally {
      detector.model.dispose();
    }
  }
  if (rules) detectors.push({name: "threat rules alone", layer: "rules", evaluation: evaluate(rules)});
  const unseen = unseenPairFlags(trainEvents, test.events);
  detectors.push({name: "unseen (user, action) pair", layer: "baseline", evaluation: evaluate(unseen)});
  if (rules) {
    const r = rules;
    detectors.push({
      name: "unseen (user, action) pair + rules",
      layer: "combined",
      evaluation: evaluate(unseen.map((u, i) => u || r[i]))
    });
  }
  return {
    parts: {
      trainLines: cut,
      validationLines: cut - fitCut,
      testLines: lines.length - cut,
      testEvents: test.events.length,
      attacks: test.truth.filter((t) => t !== null).length
    },
    choice,
    detectors
  };
}

/** A labelled corpus: ingested events, the technique of each (null for benign) and its campaign (null for benign). */
export interface AttackCorpus {
  events: AuditEventRow[];
  truth: (string | null)[];
  campaigns: (number | null)[];
}

/** The protocol's parts of a benign log: where it is cut, the benign training events and the two labelled corpora. */
export interface AttackCorpora {
  /** Lines [0, cut) are the training part, [fitCut, cut) of it the validation part. */
  cut: number;
  fitCut: number;
  /** Benign events of lines [0, fitCut) (to choose g) and of [0, cut) (the detector tested). */
  fitEvents: AuditEventRow[];
  trainEvents: AuditEventRow[];
  /** Lines [fitCut, cut) with attacks by the validation seed; lines [cut, end) with attacks by the test seed. */
  validation: AttackCorpus;
  test: AttackCorpus;
}

/**
 * Cuts a benign log into the protocol's parts and injects the attacks (the options' defaults are the protocol's).
 * @example const {trainEvents, test} = attackCorpora(lines, parsed) // test.truth[i]: "pods-exec" or null
 */
export function attackCorpora(
  lines: readonly string[],
  parsed: readonly Parsed[],
  options: Pick<
    AttackProtocolOptions,
    "trainFraction" | "validationFraction" | "validationSeed" | "testSeed" | "campaigns" | "techniques" | "policy"
  > = {}
): AttackCorpora {
  const {
    trainFraction = 0.7,
    validationFraction = 0.2,
    validationSeed = 1001,
    testSeed = 2026,
    campaigns = 3,
    techniques,
    policy
  } = options;
  const cut = Math.floor(lines.length * trainFraction);
  const fitCut = Math.floor(cut * (1 - validationFraction));
  return {
    cut,
    fitCut,
    validation: labelledCorpus(
      lines.slice(0, cut),
      parsed.slice(0, cut),
      fitCut,
      validationSeed,
      campaigns,
      techniques,
      policy
    ),
    test: labelledCorpus(lines, parsed, cut, testSeed, campaigns, techniques, policy),
    fitEvents: ingestLines(lines.slice(0, fitCut), "fit", policy),
    trainEvents: ingestLines(lines.slice(0, cut), "train", policy)
  };
}

/**
 * Lines [from, end) of `lines` with attacks injected after line `from`, ingested, with each event's technique.
 * @example labelledCorpus(lines, parsed, 6956, 1002, 3).truth // [null, "pods-exec", …]
 */
export function labelledCorpus(
  lines: readonly string[],
  parsed: readonly Parsed[],
  from: number,
  seed: number,
  campaigns: number,
  techniques?: readonly Technique[],
  policy?: Partial<CleaningPolicy>
): AttackCorpus {
  const {injections, labels} = injectAttacks(parsed, {seed, campaigns, start: from, techniques});
  // Every injection goes after a line at or past `from`, so the first `from` merged lines are the benign ones.
  const merged = mergeInjections(lines, injections).slice(from);
  const events = ingestLines(merged, "test", policy);
  const campaignOf = new Map(
    injections.flatMap((i) => i.events.map((e) => [e.auditID as string, i.campaign] as const))
  );
  return {events, truth: eventTruth(events, labels), campaigns: events.map((e) => campaignOf.get(e.auditID) ?? null)};
}

/** Audit JSON lines -> unique events with the cleaning policy's verdict (default perfspec). */
export function ingestLines(lines: readonly string[], file: string, policy?: Partial<CleaningPolicy>): AuditEventRow[] {
  const ingestor = new Ingestor({policy});
  ingestor.beginFile(file, "audit-jsonl");
  lines.forEach((text, i) => ingestor.addLine(file, i + 1, text));
  ingestor.endFile(file);
  return ingestor.finish().events;
}

function flagsOf(events: readonly DetectEvent[], flagged: readonly {auditID: string}[]): boolean[] {
  const ids = new Set(flagged.map((f) => f.auditID));
  return events.map((e) => ids.has(e.auditID));
}

function gRow(g: number, truth: readonly (string | null)[], flags: boolean[], kept: boolean[]): GRow {
  const s = detectionScores(truth, flags, kept);
  return {g, precision: s.precision, recall: s.recall, f1: s.f1, benignPercent: s.fpPer1kActions / 10};
}
