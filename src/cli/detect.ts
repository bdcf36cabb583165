/** `perfspec detect`: flag anomalous actions in audit logs (or DeepLog key sessions) with a next-action model. */
import {parseArgs} from "node:util";
import {loadModelDir} from "../node/artifact.js";
import {locateAuditIDs, readDetectEvents, readKeySessions} from "../node/detectInput.js";
import {
  detectAuditEvents,
  HIGH_RECALL,
  trainAuditDetector,
  type AuditDetector,
  type DetectOptions
} from "../lib/detect/auditDetector.js";
import {ACTOR_SESSIONS, type ActorSessions} from "../lib/detect/detectEvent.js";
import {detectKeySessions, trainKeyDetector, type KeyDetector} from "../lib/detect/keyDetector.js";
import type {Problem} from "../lib/ingest/types.js";
import {RequestUriTemplates} from "../lib/templates/requestUriTemplates.js";
import {ACTION_KEYS, relabelByTemplate, type ActionKey} from "../node/templateActions.js";
import {policyDifferences, policyLabel, resolvePolicy, type CleaningPolicy} from "../lib/ingest/cleaningPolicy.js";
import {modelPolicy} from "../lib/learn/artifact.js";
import {choice, integer} from "./optionValues.js";
import {policyOption} from "./policyOption.js";
import {UsageError, asUsage, settingsOr2} from "./usage.js";

/**
 * Chosen by measurement (docs/detection.md): for audit logs, g = 15 is what validation chose on the labelled attack
 * corpus (the same recall as g = 9 with fewer benign flags); for key sequences, DeepLog's 9.
 */
export const DEFAULT_TOP_G = {audit: 15, sequences: 9} as const;
/** What `perfspec detect` and `perfspec serve` run on audit input without options: the high-recall detector. */
export const DEFAULT_AUDIT_DETECT: DetectOptions = Object.freeze({topG: DEFAULT_TOP_G.audit, ...HIGH_RECALL});
const DEFAULT_WINDOW = {audit: 2, sequences: 10} as const;

const HELP = `usage: perfspec detect [--model <dir> | --train <benign log...>] <input...> [options]

Flags actions that a next-action model trained on benign behaviour did not expect (DeepLog's rule: not among the
model's top-g for the actor's session context, or probability below a threshold), events that are new for their
actor (namespace, action, user agent, source IP), denied requests, and, apart from the learned score, threat-matrix
techniques visible in audit events (exec, attach, port-forward, token requests, webhook changes, CSR approval,
pods or service accounts created in kube-system, anonymous and denied requests). For audit input the default is the
high-recall detector (see --high-recall); --precise gives the detector that was the default before.

options:
  --model DIR          a model folder from 'perfspec train' or 'perfspec detect --save'
  --train PATH         benign input to fit the default detector on (back-off n-gram); repeatable
  --format F           audit (default: any input 'prepare' reads) | sequences (DeepLog: one session per line of
                       space-separated integer keys; an end-of-session key is scored too)
  --top-g G            expected actions per context (default ${DEFAULT_TOP_G.audit} for audit, ${DEFAULT_TOP_G.sequences} for sequences)
  --threshold P        also flag actions with probability below P (default 0: off)
  --window W           with --train: previous actions the model reads (default ${DEFAULT_WINDOW.audit}; ${DEFAULT_WINDOW.sequences} for sequences)
  --sessions MODE      with --train: user (default) | user-namespace | namespace | global
  --action-key K       with --train: verb_resource (default) | template (request-URI templates learned on the
                       benign input, e.g. create /api/v1/namespaces/<*>/pods/<*>/exec; audit JSON only)
  --policy P           audit input's cleaning policy: perfspec (default) | security | a JSON file of overrides;
                       with --train it is saved with the detector; with --model the model's own policy is used,
                       and a different --policy is refused
  --save DIR           with --train: write the detector (model folder + detector.json) for --model
  --no-rules           leave out the threat rules
  --precise            audit input: the detector that was the default before: context judged on the kept actions
                       only, no follow-ups, no provenance (fewer benign reads flagged, precision 0.72 instead of
                       0.40, but recall 0.64-0.68 instead of 0.95 and 3.5% of benign writes flagged instead of
                       2.6% on the labelled corpus: docs/detection.md)
  --high-recall        audit input: the default detector (the high-recall one), named explicitly: reads judged by
                       their context, quiet in namespaces first seen after training (and about creating one), the
                       next 2 requests of a user in a namespace after an alert flagged, a Helm release's writes
                       taken as its install's, a controller's never-seen action reported once, a controller
                       following its input's write and the kubelets as one component
  --json               print {"events", "flagged": [...]} ({"sessions", "events", "flagged"} for sequences)
  -h, --help           this help

Exit status: 0 whether or not anything is flagged, 2 for a usage error, 1 for unreadable input.

examples:
  perfspec detect --train benign.log today.log --json
  perfspec detect --format sequences --train data/deeplog-hdfs/hdfs_train.xz data/deeplog-hdfs/hdfs_test_abnormal.xz`;

interface Settings {
  inputs: string[];
  format: "audit" | "sequences";
  model?: string;
  train?: string[];
  save?: string;
  topG: number;
  threshold: number;
  window: number;
  sessions: ActorSessions;
  actionKey: ActionKey;
  /** The --policy value as given (a preset name or a file), read in detectAudit. */
  policy?: string;
  rules: boolean;
  /** The high-recall detector (HIGH_RECALL): the default for audit input; false with --precise. */
  highRecall: boolean;
  json: boolean;
}

export async function run(argv: string[]): Promise<number> {
  const settings = settingsOr2("detect", HELP, () => parseSettings(argv));
  if (settings === 2) return 2;
  if (settings === "help") return (console.log(HELP), 0);
  return settings.format === "audit" ? detectAudit(settings) : detectSequences(settings);
}

function parseSettings(argv: string[]): Settings | "help" {
  const {values, positionals} = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: {type: "string"},
      train: {type: "string", multiple: true},
      format: {type: "string", default: "audit"},
      "top-g": {type: "string"},
      threshold: {type: "string", default: "0"},
      window: {type: "string"},
      sessions: {type: "string", default: "user"},
      "action-key": {type: "string", default: "verb_resource"},
      policy: {type: "string"},
      save: {type: "string"},
      "no-rules": {type: "boolean", default: false},
      "high-recall": {type: "boolean", default: false},
      precise: {type: "boolean", default: false},
      json: {type: "boolean", default: false},
      help: {type: "boolean", short: "h", default: false}
    }
  });
  if (values.help) return "help";
  const format = asUsage(() => choice(values.format, ["audit", "sequences"] as const, "--format"));
  if (positionals.length === 0) throw new UsageError("no input files given");
  if ((values.model === undefined) === (values.train === undefined))
    throw new UsageError("give either --model <dir> or --train <benign log...>");
  if (values.save !== undefined && values.train === undefined) throw new UsageError("--save needs --train");
  const actionKey = asUsage(() => choice(values["action-key"], ACTION_KEYS, "--action-key"));
  if (actionKey === "template" && (values.train === undefined || values.save !== undefined || format !== "audit"))
    throw new UsageError("--action-key template works with --train on audit input, without --save");
  if (values["high-recall"] && format === "sequences") throw new UsageError("--high-recall applies to audit input");
  if (values.precise && format === "sequences") throw new UsageError("--precise applies to audit input");
  if (values.precise && values["high-recall"]) throw new UsageError("give --precise or --high-recall, not both");
  if (values.policy !== undefined && format === "sequences")
    throw new UsageError("--policy applies to audit input, not to --format sequences");
  const threshold = Number(values.threshold);
  if (!(threshold >= 0 && threshold < 1))
    throw new UsageError(`--threshold must be in [0, 1), got "${values.threshold}"`);
  return {
    inputs: positionals,
    format,
    model: values.model,
    train: values.train,
    save: values.save,
    topG: values["top-g"] === undefined ? DEFAULT_TOP_G[format] : asUsage(() => integer(values["top-g"], "--top-g")),
    threshold,
    window: values.window === undefined ? DEFAULT_WINDOW[format] : asUsage(() => integer(values.window, "--window")),
    sessions: asUsage(() => choice(values.sessions, ACTOR_SESSIONS, "--sessions")),
    actionKey,
    policy: values.policy,
    rules: !values["no-rules"],
    // The high-recall detector is the default for audit input (docs/detection.md: chosen on validation).
    highRecall: format === "audit" && !values.precise,
    json: values.json
  };
}

async function detectAudit(s: Settings): Promise<number> {
  let asked: Partial<CleaningPolicy> | undefined;
  try {
    asked = s.policy === undefined ? undefined : await policyOption(s.policy);
  } catch (error) {
    console.error(`perfspec detect: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  let detector: AuditDetector;
  // With --action-key template, request-URI templates learned on the benign input key both inputs.
  const templates = s.actionKey === "template" ? new RequestUriTemplates() : null;
  let policy: CleaningPolicy;
  if (s.train) {
    policy = resolvePolicy(asked);
    const {events, report} = await readDetectEvents(s.train, {policy});
    reportProblems(report.problems, report.rejected);
    if (templates) await relabelByTemplate(events, s.train, templates, true);
    detector = await trainAuditDetector(events, {window: s.window, sessions: s.sessions});
    if (s.save) await (await import("../node/detectorDir.js")).writeDetectorDir(s.save, detector, s.train, policy);
  } else {
    const loaded = await loadDetector(s.model as string);
    detector = loaded.detector;
    // The input must be cleaned as the model's training data was, or its actions mean something else.
    const recorded = loaded.policy;
    if (asked !== undefined && recorded !== null && policyDifferences(recorded, asked).length > 0) {
      detector.model.dispose();
      console.error(
        `perfspec detect: ${s.model} was trained on actions of the ${policyLabel(recorded)} cleaning policy; --policy ${s.policy} differs (${policyDifferences(recorded, asked).join(", ")}): leave --policy out to use the model's`
      );
      return 2;
    }
    policy = recorded ?? resolvePolicy(asked);
  }
  try {
    const {events, report} = await readDetectEvents(s.inputs, {policy});
    reportProblems(report.problems, report.rejected);
    if (templates) await relabelByTemplate(events, s.inputs, templates, false);
    const result = detectAuditEvents(detector, events, {
      topG: s.topG,
      threshold: s.threshold,
      rules: s.rules,
      ...(s.highRecall ? HIGH_RECALL : {})
    });
    const where = await locateAuditIDs(s.inputs, new Set(result.flagged.map((f) => f.auditID).filter(Boolean)));
    for (const f of result.flagged) {
      const at = where.get(f.auditID);
      if (at) Object.assign(f, at);
    }
    if (s.json) console.log(JSON.stringify(result, null, 2));
    else {
      for (const f of result.flagged)
        console.log(
          `${f.file ?? "?"}:${f.line ?? "?"} ${f.user ?? "(none)"} ${f.namespace ?? "-"} ${f.action} score ${f.score.toFixed(2)}: ${[
            ...f.reasons,
            ...f.rules.map((r) => `rule ${r.rule}: ${r.reason}`)
          ].join("; ")}`
        );
      const learned = result.flagged.filter((f) => f.reasons.length > 0).length;
      console.error(
        `${learned} of ${result.events} scored actions flagged (top-${s.topG}${s.highRecall ? ", high recall: reads judged by context" : ""}, cleaning policy ${policyLabel(policy)}); ${result.flagged.length - learned} more event(s) by the rules alone`
      );
    }
    return 0;
  } finally {
    detector.model.dispose();
  }
}

/** The detector in a folder from `perfspec detect --save` (or a plain `perfspec train` folder: no context layer). */
export async function loadDetector(dir: string): Promise<{detector: AuditDetector; policy: CleaningPolicy | null}> {
  const {artifact, model} = await loadModelDir(dir);
  const policy = modelPolicy(artifact.config);
  const extras = await (await import("../node/detectorDir.js")).readDetectorExtras(dir);
  if (extras === null) {
    console.error(`warning: ${dir} has no detector.json; context findings are off`);
    const session = artifact.config.session;
    return {detector: {model, vocabulary: artifact.vocabulary, sessions: session, profile: null, tails: {}}, policy};
  }
  return {detector: {model, vocabulary: artifact.vocabulary, ...extras}, policy};
}

async function detectSequences(s: Settings): Promise<number> {
  let detector: KeyDetector;
  if (s.train) {
    const {files, problems} = await readKeySessions(s.train);
    reportProblems(problems, problems.length);
    detector = await trainKeyDetector(
      files.flatMap((f) => f.sessions.map((x) => x.keys)),
      {window: s.window}
    );
    if (s.save) await (await import("../node/detectorDir.js")).writeDetectorDir(s.save, detector, s.train);
  } else {
    const {artifact, model} = await loadModelDir(s.model as string);
    detector = {model, vocabulary: artifact.vocabulary};
  }
  try {
    const {files, problems} = await readKeySessions(s.inputs);
    reportProblems(problems, problems.length);
    const result = detectKeySessions(detector, files, {topG: s.topG, threshold: s.threshold});
    if (s.json) console.log(JSON.stringify(result, null, 2));
    else {
      for (const f of result.flagged)
        console.log(`${f.file}:${f.line} position ${f.position} key ${f.key}; expected ${f.expected.join(" ")}`);
      console.error(
        `${result.flagged.length} of ${result.events} keys flagged in ${result.sessions} sessions (top-${s.topG})`
      );
    }
    return 0;
  } finally {
    detector.model.dispose();
  }
}

/** Bad lines are named with file and line on stderr, as `prepare` does; good lines were kept. */
function reportProblems(problems: readonly Problem[], rejected: number): void {
  for (const p of problems.slice(0, 5)) console.error(`problem: ${p.file}:${p.line}: ${p.reason}`);
  if (rejected > 5) console.error(`… ${rejected - 5} more problem line(s)`);
}
