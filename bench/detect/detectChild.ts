/**
 * Contender: events per second of the audit detector with the n-gram and the LSTM, on the labelled attack corpus's
 * test part (the embedded derived log with attacks of seed 2026: 5,074 events, 644 of them actions the model scores).
 * Two ways, each pass over the corpus on its own (no cache lives from one pass to the next):
 * - `detectAuditEvents` on the whole corpus in one call (`perfspec detect`), and
 * - `StreamDetector` fed batches of 400 events, the API server's default webhook batch (`perfspec serve`, without
 *   HTTP and the store).
 * Time is CPU time of the child (wall time is reported too). Every event counts (reads too: the rules and the context layer see them); `scored` counts the model's actions.
 * The LSTM (window 2, default size) is trained for 2 epochs only: its scoring cost does not depend on the weights.
 * Usage: detectChild.ts <benign.jsonl.xz> <seconds per figure>. Prints {corpusEvents, corpusScored, figures: [...]}.
 */
import {attackCorpora} from "../../src/lib/detect/attackProtocol.js";
import {DEFAULT_AUDIT_DETECT} from "../../src/cli/detect.js";
import {detectAuditEvents, trainAuditDetector} from "../../src/lib/detect/auditDetector.js";
import type {ModelKind} from "../../src/lib/learn/predictor.js";
import {StreamDetector} from "../../src/lib/live/streamDetector.js";
import {readBenignLines} from "../../src/node/injectFiles.js";
import {setupTfBackend} from "../../src/node/tfBackend.js";

const [path, secondsArg] = process.argv.slice(2);
const budget = Number(secondsArg ?? 2);
const backend = await setupTfBackend("wasm");
const {lines, parsed} = await readBenignLines(path);
const {trainEvents, test} = attackCorpora(lines, parsed);
const BATCH = 400;
/** The command's default detector (`perfspec detect` and `perfspec serve` without --precise). */
const RULE = DEFAULT_AUDIT_DETECT;

/**
 * Passes over the corpus until `budget` seconds are spent (at least 3 after a warm-up); the median pass in CPU time
 * of this process (user + system), which other jobs on a shared machine do not inflate, and in wall time.
 */
function measure(pass: () => void): {seconds: number; wallSeconds: number; passes: number} {
  pass();
  const cpu: number[] = [];
  const wall: number[] = [];
  const started = performance.now();
  while (cpu.length < 3 || performance.now() - started < budget * 1000) {
    const t = performance.now();
    const c = process.cpuUsage();
    pass();
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1e6);
    wall.push((performance.now() - t) / 1000);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1];
  return {seconds: median(cpu), wallSeconds: median(wall), passes: cpu.length};
}

const figures = [];
let corpusScored = 0;
for (const [kind, hyperparameters] of [
  ["ngram", {}],
  ["lstm", {epochs: 2, seed: 1}]
] as [ModelKind, Record<string, unknown>][]) {
  const detector = await trainAuditDetector(trainEvents, {kind, hyperparameters});
  corpusScored = detectAuditEvents(detector, test.events, RULE).events;
  const whole = measure(() => detectAuditEvents(detector, test.events, RULE));
  const batched = measure(() => {
    const stream = new StreamDetector(detector, RULE);
    for (let i = 0; i < test.events.length; i += BATCH) stream.score(test.events.slice(i, i + BATCH));
  });
  for (const [how, m] of [
    ["one call", whole],
    [`batches of ${BATCH}`, batched]
  ] as const)
    figures.push({
      kind,
      how,
      passes: m.passes,
      seconds: m.seconds,
      wallSeconds: m.wallSeconds,
      eventsPerSecond: test.events.length / m.seconds,
      scoredPerSecond: corpusScored / m.seconds
    });
  detector.model.dispose();
}
console.log(JSON.stringify({backend, corpusEvents: test.events.length, corpusScored, figures}));
