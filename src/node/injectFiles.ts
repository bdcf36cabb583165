/** Node edge of `perfspec inject`: a benign log's lines in, the log with attacks and its labels out. */
import {writeFile} from "node:fs/promises";
import {
  injectAttacks,
  mergeInjections,
  TECHNIQUE_NAMES,
  type InjectOptions,
  type Technique
} from "../lib/detect/injectAttacks.js";
import {readLines} from "./readLines.js";

export interface AttackLabels {
  format: "perfspec-attack-labels";
  version: 1;
  source: string;
  seed: number;
  /** Technique id -> its threat-matrix name, for the techniques injected. */
  techniques: Partial<Record<Technique, string>>;
  /** auditID -> technique id. */
  labels: Record<string, Technique>;
}

/**
 * Every line of a benign JSON-lines audit log (plain, gzip or xz) and its parsed value (null when not JSON).
 * @example const {lines, parsed} = await readBenignLines("audit.jsonl.xz")
 */
export async function readBenignLines(
  path: string
): Promise<{lines: string[]; parsed: (Record<string, unknown> | null)[]}> {
  const lines: string[] = [];
  const parsed: (Record<string, unknown> | null)[] = [];
  for await (const {text} of readLines(path)) {
    if (text.trim() === "") continue;
    lines.push(text);
    let value: unknown = null;
    try {
      value = JSON.parse(text);
    } catch {
      // Not JSON: passed through unchanged, never used as a template.
    }
    parsed.push(
      typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null
    );
  }
  return {lines, parsed};
}

/**
 * Writes `out` (benign lines with the attacks interleaved) and `labelsPath`; returns the labels.
 * @example await injectFile("benign.jsonl", "attacked.jsonl", "labels.json", {seed: 7})
 */
export async function injectFile(
  input: string,
  out: string,
  labelsPath: string,
  options: InjectOptions = {}
): Promise<AttackLabels & {lines: number}> {
  const {lines, parsed} = await readBenignLines(input);
  const {injections, labels} = injectAttacks(parsed, options);
  const merged = mergeInjections(lines, injections);
  await writeFile(out, merged.join("\n") + "\n");
  const used = [...new Set(Object.values(labels))];
  const result: AttackLabels = {
    format: "perfspec-attack-labels",
    version: 1,
    source: input,
    seed: options.seed ?? 1,
    techniques: Object.fromEntries(used.map((t) => [t, TECHNIQUE_NAMES[t]])),
    labels
  };
  await writeFile(labelsPath, JSON.stringify(result, null, 2) + "\n");
  return {...result, lines: merged.length};
}
