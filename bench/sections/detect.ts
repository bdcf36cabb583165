/** Detection: events per second of the audit detector (n-gram and LSTM) on the labelled attack corpus, against the goals. */
import {runNodeChild} from "../measure.js";
import {fmt, type Row} from "../goals.js";
import {EMBEDDED_DERIVED_AUDIT_LOG} from "../../data-loaders/dataSources.js";

type DetectResult = {
  backend: string;
  corpusEvents: number;
  corpusScored: number;
  figures: {
    kind: string;
    how: string;
    passes: number;
    seconds: number;
    wallSeconds: number;
    eventsPerSecond: number;
    scoredPerSecond: number;
  }[];
};

/** Issue 10's goals (events/s): the n-gram detector and the LSTM detector, batched. */
const GOAL_EVENTS_PER_SECOND: Record<string, number> = {ngram: 100_000, lstm: 10_000};

export async function benchDetect(options: {quick: boolean; log: (s: string) => void}) {
  const run = await runNodeChild<DetectResult>("bench/detect/detectChild.ts", [
    EMBEDDED_DERIVED_AUDIT_LOG,
    options.quick ? "0.5" : "3"
  ]);
  const {corpusEvents, corpusScored} = run.result;
  const rows: Row[] = run.result.figures.map((f) => {
    const goal = GOAL_EVENTS_PER_SECOND[f.kind];
    options.log(`detect: ${f.kind} ${f.how} ${fmt.rate(f.eventsPerSecond)} events`);
    return {
      section: "detect",
      figure: `${f.kind} detector, ${f.how}: events/s / ${fmt.rate(goal)}`,
      ratio: f.eventsPerSecond / goal,
      goal: 1,
      context:
        `${fmt.rate(f.eventsPerSecond)} events (${fmt.rate(f.scoredPerSecond)} scored actions), CPU time; ` +
        `${fmt.s(f.seconds)} per pass of ${corpusEvents} events / ${corpusScored} actions (wall ${fmt.s(f.wallSeconds)})`
    };
  });
  return {backend: run.result.backend, corpusEvents, corpusScored, figures: run.result.figures, rows};
}
