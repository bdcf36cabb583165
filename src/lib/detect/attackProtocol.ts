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
  mutatingRequests,
  eventTruth,
  detectionScores,
  unseenPairFlags,
  type DetectorEvaluation
} from "./attackEvaluation.js";
import {detectAuditEvents, HIGH_RECALL, trainAuditDetector, type DetectOptions} from "./auditDetector.js";
import type {DetectEvent} from "./detectEvent.js";
import {injectAttacks, mergeInjections, type Technique} from "./injectAttacks.js";

export {mutatingRequests};

export interface AttackProtocolOptions {
  /** Share of the benign lines to train on (default 0.7). */
  trainFraction?: number;
  /** Share of the training part held out to choose g (default 0.2, its end). */
  validationFraction?: number;
  /** Default 1001 (validation) and 2026 (test): no unit test uses them. */
  validationSeed?: number;
  /**
   * Seeds of every validation corpus (attacks injected into the same validation part), the first being
   * `validationSeed`'s corpus. Default 1001, 1003, 1004, 1005, 1006: five draws of campaigns, so that a setting is
   * not chosen for one lucky draw.
   */
  validationSeeds?: readonly number[];
  testSeed?: number;
  campaigns?: number;
  techniques?: readonly Technique[];
  /** Candidate g values (default 1, 2, 3, 5, 7, 9, 11, 15). */
  topGs?: readonly number[];
  /** Candidate follow-up counts (default 0, 1, 2; see DetectOptions.followUps). */
  followUps?: readonly number[];
  /** Sequence models to compare (default ["ngram"]). */
  kinds?: readonly ModelKind[];
  hyperparameters?: Partial<Record<ModelKind, Record<string, unknown>>>;
  /** Bootstrap resamples (default 1000). */
  resamples?: number;
  /** The most benign mutating requests a detector may flag, in % (default 3, issue 10's bar). */
  maxBenignPercent?: number;
  /** The cleaning policy every part is ingested with (default perfspec): which events are actions, and their names. */
  policy?: Partial<CleaningPolicy>;
  /**
   * Also validate the n-gram on the install-straddling corpora of the training part (straddleCuts; default true):
   * the validation part above is a quiet stretch, the test part is not. Other model kinds use the validation part
   * only (one more fit per cut would take an LSTM minutes each).
   */
  straddle?: boolean;
}

/** One more validation corpus: fit on lines [0, fit), attacks by `seed` injected into lines [fit, end). */
export interface ValidationCut {
  label: string;
  fit: number;
  end: number;
  seed: number;
}

/** Lines of history after a namespace's first line at which a namespace-start cut is placed (an install under way). */
const INSTALL_OFFSETS = [100, 400];
/** Lines judged by a rolling cut, and the step between rolling cuts. */
const ROLLING_LINES = 1200;
const ROLLING_STEP = 1000;
/** Fewer judged lines hold too few benign mutating requests (about 200 at this log's rate) for a 3% rate to mean much. */
const MIN_JUDGED = 600;

/**
 * Validation corpora inside the training part (lines [0, cut)) where installs straddle the end of fitting, chosen
 * from the benign lines alone, before any result: (1) the earlier stretch, fit on 60% of the training part, judge the
 * next 20% (seeds 1007, 1008); (2) for each namespace first seen in the second half of the training part, a cut 100
 * and 400 lines after its first line, judging up to 2,319 lines (the validation part's length) or to the end of the
 * training part; (3) rolling cuts every 1,000 lines from half the training part, each judging 1,200 lines, and one
 * ending at the training part's end. Seeds 1009, 1010, … in that order. Fits shorter than half the training part are
 * left out: the test's detector has the whole training part as history.
 * @example straddleCuts(parsed, 11594).map((c) => c.label) // ["earlier stretch", …, "ingress-nginx +100", …, "rolling 5797", …]
 */
export function straddleCuts(parsed: readonly Parsed[], cut: number, validationFraction = 0.2): ValidationCut[] {
  const fitCut = Math.floor(cut * (1 - validationFraction));
  const earlier = Math.floor(cut * 0.6);
  const cuts: Omit<ValidationCut, "seed">[] = [];
  const judged = cut - fitCut;
  const half = Math.ceil(cut / 2);
  const seen = new Set<string>();
  for (let i = 0; i < cut; ++i) {
    const ref = parsed[i]?.objectRef as {namespace?: unknown} | undefined;
    const namespace = typeof ref?.namespace === "string" ? ref.namespace : null;
    if (namespace === null || seen.has(namespace)) continue;
    seen.add(namespace);
    if (i < half) continue;
    for (const offset of INSTALL_OFFSETS)
      if (i + offset + MIN_JUDGED <= cut)
        cuts.push({label: `${namespace} +${offset}`, fit: i + offset, end: Math.min(cut, i + offset + judged)});
  }
  for (let fit = half; fit + ROLLING_LINES < cut; fit += ROLLING_STEP)
    cuts.push({label: `rolling ${fit}`, fit, end: fit + ROLLING_LINES});
  if (cut - ROLLING_LINES >= half)
    cuts.push({label: `rolling ${cut - ROLLING_LINES}`, fit: cut - ROLLING_LINES, end: cut});
  return [
    {label: "earlier stretch", fit: earlier, end: fitCut, seed: 1007},
    {label: "earlier stretch", fit: earlier, end: fitCut, seed: 1008},
    ...cuts.map((c, k) => ({...c, seed: 1009 + k}))
  ];
}

export interface GRow {
  g: number;
  precision: number;
  recall: number;
  f1: number;
  /** % of benign mutating requests flagged (issue 10's "benign mutating requests"; see mutatingRequests). */
  benignPercent: number;
}

/** One setting on validation: the mean over the validation corpora, and the worst benign rate among them. */
export interface GridRow extends GRow {
  followUps: number;
  maxBenignPercent: number;
}

export interface AttackProtocolResult {
  parts: {
    trainLines: number;
    validationLines: number;
    testLines: number;
    testEvents: number;
    attacks: number;
    /** Benign mutating requests of the test part (the denominator of issue 10's 3%), and those the policy keeps. */
    benignMutating: number;
    benignKeptWrites: number;
    validationSeeds: number[];
    /** The install-straddling validation corpora (n-gram only; see straddleCuts). */
    straddle: ValidationCut[];
    testSeed: number;
  };
  /**
   * Per sequence model (`ngram`: the command's default detector; `ngram high-recall`: `--high-recall`): g and the
   * follow-ups chosen on validation, the grid on validation (means over the validation corpora), and the validation
   * and test curves over g at the chosen follow-ups (learned + rules).
   */
  choice: Record<
    string,
    {chosen: number; followUps: number; why: string; grid: GridRow[]; validation: GRow[]; test: GRow[]}
  >;
  detectors: {
    name: string;
    layer: "learned" | "rules" | "combined" | "baseline";
    evaluation: DetectorEvaluation;
    /** Benign kept writes (the mutating requests the cleaning policy keeps) flagged, the former denominator. */
    keptWrites: {flagged: number; of: number};
  }[];
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
    followUps = [0, 1, 2],
    kinds = ["ngram"],
    hyperparameters = {},
    resamples = 1000,
    maxBenignPercent = 3,
    validationSeed = 1001,
    validationSeeds = [validationSeed, 1003, 1004, 1005, 1006],
    testSeed = 2026,
    campaigns = 3
  } = options;
  const corpora = attackCorpora(lines, parsed, {...options, validationSeed: validationSeeds[0]});
  const {cut, fitCut, test, fitEvents, trainEvents} = corpora;
  const validations = validationSeeds.map((seed, k) =>
    k === 0
      ? corpora.validation
      : labelledCorpus(
          lines.slice(0, cut),
          parsed.slice(0, cut),
          fitCut,
          seed,
          campaigns,
          options.techniques,
          options.policy
        )
  );
  const cuts = options.straddle === false ? [] : straddleCuts(parsed, cut, options.validationFraction);
  const straddled = cuts.map((c) => ({
    cut: c,
    corpus: labelledCorpus(
      lines.slice(0, c.end),
      parsed.slice(0, c.end),
      c.fit,
      c.seed,
      campaigns,
      options.techniques,
      options.policy
    )
  }));
  const testMutating = mutatingRequests(test.events);
  const testKeptWrites = test.events.map((e, i) => e.kept && testMutating[i]);
  const evaluate = (flags: boolean[]) => ({
    evaluation: evaluateDetector(test.truth, flags, testMutating, {resamples, seed: 42, campaigns: test.campaigns}),
    keptWrites: keptWritesFlagged(test.truth, flags, testKeptWrites)
  });

  const choice: AttackProtocolResult["choice"] = {};
  const detectors: AttackProtocolResult["detectors"] = [];
  let rules: boolean[] | null = null;
  for (const kind of kinds) {
    // Each validation corpus with the detector fit on the lines before it (the n-gram also on the straddling ones).
    const fits = [{fit: fitCut, corpora: validations}];
    if (kind === "ngram")
      for (const {cut: c, corpus} of straddled) {
        const f = fits.find((x) => x.fit === c.fit);
        if (f) f.corpora = [...f.corpora, corpus];
        else fits.push({fit: c.fit, corpora: [corpus]});
      }
    const settings: {which: "default" | "highRecall"; options: DetectOptions; followUps: number}[] = [
      ...topGs.map((g) => ({which: "default" as const, options: {topG: g}, followUps: 0})),
      ...followUps.flatMap((k) =>
        topGs.map((g) => ({
          which: "highRecall" as const,
          options: {...HIGH_RECALL, topG: g, followUps: k},
          followUps: k
        }))
      )
    ];
    const rowsOf = settings.map(() => [] as GRow[]);
    for (const {fit, corpora} of fits) {
      const fitted = await trainAuditDetector(
        fit === fitCut ? fitEvents : ingestLines(lines.slice(0, fit), "fit", options.policy),
        {
          kind,
          hyperparameters: hyperparameters[kind]
        }
      );
      try {
        settings.forEach((s, k) => rowsOf[k].push(...validationRows(fitted, corpora, s.options)));
      } finally {
        fitted.model.dispose();
      }
    }
    // Two detectors, each tuned on the validation corpora: `--precise` (g) and the high-recall one, the command's
    // default (g and the follow-ups).
    const grids: Record<"default" | "highRecall", GridRow[]> = {default: [], highRecall: []};
    settings.forEach((s, k) => grids[s.which].push(gridRow(s.options.topG, rowsOf[k], s.followUps)));
    const corporaCount = rowsOf[0].length;
    const detector = await trainAuditDetector(trainEvents, {kind, hyperparameters: hyperparameters[kind]});
    try {
      for (const which of ["default", "highRecall"] as const) {
        const {best, why} = chooseSetting(grids[which], maxBenignPercent, corporaCount);
        const base: DetectOptions =
          which === "default" ? {topG: best.g} : {...HIGH_RECALL, topG: best.g, followUps: best.followUps};
        const testRows = topGs.map((g) =>
          gRow(
            g,
            test.truth,
            flagsOf(test.events, detectAuditEvents(detector, test.events, {...base, topG: g}).flagged),
            testMutating
          )
        );
        choice[which === "default" ? kind : `${kind} high-recall`] = {
          chosen: best.g,
          followUps: best.followUps,
          why,
          grid: grids[which],
          validation: grids[which].filter((r) => r.followUps === best.followUps),
          test: testRows
        };
        const run = (o: Partial<DetectOptions> = {}) =>
          detectAuditEvents(detector, test.events, {...base, ...o}).flagged;
        const flags = (o: Partial<DetectOptions> = {}) => flagsOf(test.events, run(o));
        const add = (label: string, layer: AttackProtocolResult["detectors"][number]["layer"], f: boolean[]) =>
          detectors.push({
            name: `${kind} top-${best.g}${which === "default" ? "" : " high-recall"}: ${label}`,
            layer,
            ...evaluate(f)
          });
        const flagged = run();
        if (which === "default") {
          rules ??= flagsOf(
            test.events,
            flagged.filter((f) => f.rules.length > 0)
          );
          add("sequence rule only", "learned", flags({context: false, rules: false}));
          add(
            "sequence + context",
            "learned",
            flagsOf(
              test.events,
              flagged.filter((f) => f.reasons.length > 0)
            )
          );
          add("sequence + context + rules", "combined", flagsOf(test.events, flagged));
        } else {
          add(
            `--high-recall (${best.followUps} follow-up${best.followUps === 1 ? "" : "s"})`,
            "combined",
            flagsOf(test.events, flagged)
          );
          add("same without follow-ups", "combined", flags({followUps: 0}));
          add("same without quiet young namespaces", "combined", flags({quietYoungNamespaces: false}));
          add("same with context on kept actions only", "combined", flags({contextOnReads: false}));
        }
      }
    } finally {
      detector.model.dispose();
    }
  }
  if (rules) detectors.push({name: "threat rules alone", layer: "rules", ...evaluate(rules)});
  const unseen = unseenPairFlags(trainEvents, test.events);
  detectors.push({name: "unseen (user, action) pair", layer: "baseline", ...evaluate(unseen)});
  if (rules) {
    const r = rules;
    detectors.push({
      name: "unseen (user, action) pair + rules",
      layer: "combined",
      ...evaluate(unseen.map((u, i) => u || r[i]))
    });
  }
  return {
    parts: {
      trainLines: cut,
      validationLines: cut - fitCut,
      testLines: lines.length - cut,
      testEvents: test.events.length,
      attacks: test.truth.filter((t) => t !== null).length,
      benignMutating: test.truth.filter((t, i) => t === null && testMutating[i]).length,
      benignKeptWrites: test.truth.filter((t, i) => t === null && testKeptWrites[i]).length,
      validationSeeds: [...validationSeeds],
      straddle: cuts,
      testSeed
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

function gRow(g: number, truth: readonly (string | null)[], flags: boolean[], counted: boolean[]): GRow {
  const s = detectionScores(truth, flags, counted);
  return {g, precision: s.precision, recall: s.recall, f1: s.f1, benignPercent: s.fpPer1kActions / 10};
}

function validationRows(
  detector: Parameters<typeof detectAuditEvents>[0],
  validations: readonly AttackCorpus[],
  options: DetectOptions
): GRow[] {
  return validations.map((v) =>
    gRow(
      options.topG,
      v.truth,
      flagsOf(v.events, detectAuditEvents(detector, v.events, options).flagged),
      mutatingRequests(v.events)
    )
  );
}

function gridRow(g: number, rows: readonly GRow[], followUps: number): GridRow {
  return {...meanRow(g, rows), followUps, maxBenignPercent: Math.max(...rows.map((r) => r.benignPercent))};
}

/** Within the budget on every validation corpus, the highest mean recall (ties: precision); else the highest mean F1. */
function chooseSetting(
  grid: readonly GridRow[],
  maxBenignPercent: number,
  corpora: number
): {best: GridRow; why: string} {
  const within = grid.filter((r) => r.maxBenignPercent <= maxBenignPercent);
  if (within.length > 0)
    return {
      best: within.reduce((a, b) =>
        b.recall > a.recall || (b.recall === a.recall && b.precision > a.precision) ? b : a
      ),
      why: `highest mean validation recall (${corpora} corpora) with at most ${maxBenignPercent}% of benign mutating requests flagged on each`
    };
  return {
    best: grid.reduce((a, b) => (b.f1 > a.f1 ? b : a)),
    why: `no setting keeps benign flags at or below ${maxBenignPercent}% on every validation corpus: highest mean validation F1`
  };
}

function meanRow(g: number, rows: readonly GRow[]): GRow {
  const mean = (key: "precision" | "recall" | "f1" | "benignPercent") =>
    rows.reduce((sum, r) => sum + r[key], 0) / rows.length;
  return {
    g,
    precision: mean("precision"),
    recall: mean("recall"),
    f1: mean("f1"),
    benignPercent: mean("benignPercent")
  };
}

function keptWritesFlagged(
  truth: readonly (string | null)[],
  flags: readonly boolean[],
  keptWrites: readonly boolean[]
): {flagged: number; of: number} {
  let flagged = 0;
  let of = 0;
  truth.forEach((t, i) => {
    if (t !== null || !keptWrites[i]) return;
    of++;
    if (flags[i]) flagged++;
  });
  return {flagged, of};
}
