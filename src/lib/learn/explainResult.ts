/**
 * Plain words for a held-out figure, so a poor result is read right: how many test actions the model could not
 * know (never in training), how many test contexts it never saw, and what the split held out.
 */
import type {LeakageAudit} from "./leakage.js";

export interface ExplainInput {
  accuracy: number;
  n: number;
  leakage: Pick<LeakageAudit, "unseenTargets" | "contextFraction">;
  split: string;
  session: string;
}

/** @example explainResult({accuracy: 0.022, n: 400, leakage: {unseenTargets: 310, contextFraction: 0.1}, split: "group", session: "user"})[0] */
export function explainResult({accuracy, n, leakage, split, session}: ExplainInput): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const notes: string[] = [];
  if (split === "group")
    notes.push(
      `The split held out whole sessions (${session === "global" ? "the one stream" : `whole ${session}s`}): the model is tested on ${session === "global" ? "a part" : `${session}s`} it never saw in training, the hardest protocol.`
    );
  if (n > 0 && leakage.unseenTargets > 0) {
    const unseen = leakage.unseenTargets / n;
    notes.push(
      `${pct(unseen)} of the test actions (${leakage.unseenTargets.toLocaleString("en-US")} of ${n.toLocaleString("en-US")}) never occur in the training part: no model can predict them, so accuracy is at most ${pct(1 - unseen)}.`
    );
  }
  notes.push(`${pct(leakage.contextFraction)} of the test contexts (the previous actions) also occur in training.`);
  if (accuracy < 0.1 && split !== "group")
    notes.push("Below 10%: the test part behaves unlike the training part; try another split or more data.");
  return notes;
}
