/**
 * Whole-session detectors over key sequences (DeepLog's setting): a session is abnormal when any of its keys is.
 * Specs are plain objects so a script, a page or a test can list the variants it compares.
 */
import {createModel} from "../learn/models.js";
import type {Predictor} from "../learn/predictor.js";
import {buildVocabulary, encode} from "../learn/vocabulary.js";
import {judgeSequence} from "./judgeSequence.js";
import {SeenWindows, type UnseenOptions} from "./seenWindows.js";

/** The end-of-session key appended to every session when `endKey` is set, so a session that stops early is seen. */
export const END = "<end>";

export type SessionDetectorSpec =
  /** DeepLog's rule over the back-off n-gram: a key outside the top-g (or below the threshold) is abnormal. */
  | {
      kind: "ngram";
      window: number;
      topG: number;
      threshold?: number;
      endKey?: boolean;
      /** With endKey: the session's end is also abnormal when its probability is below this. */
      endThreshold?: number;
    }
  /** Any (context, key) pair never seen in the normal training sessions is abnormal. */
  | ({kind: "unseen"; window: number; endKey?: boolean} & UnseenOptions)
  /** A session shorter than the shortest normal training session (or longer than the longest) is abnormal. */
  | {kind: "length"}
  /** A session holding two keys that no normal training session holds together is abnormal (a set-of-keys view). */
  | {kind: "cooccurrence"}
  /** Abnormal when any of the detectors says so. */
  | {kind: "any"; of: SessionDetectorSpec[]};

/** A trained session detector: true when the session is abnormal. */
export type SessionFlagger = (keys: readonly string[]) => boolean;

/**
 * A short name of a spec for tables.
 * @example detectorName({kind: "ngram", window: 10, topG: 9, endKey: true}) // "n-gram w10 top-9 +end"
 */
export function detectorName(spec: SessionDetectorSpec): string {
  const end = "endKey" in spec && spec.endKey ? " +end" : "";
  if (spec.kind === "ngram")
    return `n-gram w${spec.window} top-${spec.topG}${spec.threshold ? ` p<${spec.threshold}` : ""}${end}${spec.endThreshold ? ` (end p<${spec.endThreshold})` : ""}`;
  if (spec.kind === "unseen")
    return `${spec.minCount && spec.minCount > 1 ? `seen < ${spec.minCount}×` : "unseen"} (context, key) w${spec.window}${spec.minContext ? ` (contexts seen ≥ ${spec.minContext}×)` : ""}${end}`;
  if (spec.kind === "length") return "length outside training range";
  if (spec.kind === "cooccurrence") return "unseen key pair in a session";
  return spec.of.map(detectorName).join(" OR ");
}

/**
 * Fits a detector on normal sessions; call `dispose` when done (models may hold tensors).
 * @example const {flag} = await trainSessionDetector({kind: "unseen", window: 1}, [["5", "22"]]); flag(["22", "5"]) // true
 */
export async function trainSessionDetector(
  spec: SessionDetectorSpec,
  normal: readonly (readonly string[])[]
): Promise<{flag: SessionFlagger; dispose: () => void}> {
  if (spec.kind === "any") {
    const parts = await Promise.all(spec.of.map((s) => trainSessionDetector(s, normal)));
    return {flag: (keys) => parts.some((p) => p.flag(keys)), dispose: () => parts.forEach((p) => p.dispose())};
  }
  if (spec.kind === "length") {
    let min = Infinity;
    let max = 0;
    for (const s of normal) {
      min = Math.min(min, s.length);
      max = Math.max(max, s.length);
    }
    return {flag: (keys) => keys.length < min || keys.length > max, dispose: () => {}};
  }
  if (spec.kind === "cooccurrence") {
    const together = new Set<string>();
    for (const s of normal) for (const pair of keyPairs(s)) together.add(pair);
    return {flag: (keys) => keyPairs(keys).some((pair) => !together.has(pair)), dispose: () => {}};
  }
  const withEnd = (keys: readonly string[]) => (spec.endKey ? [...keys, END] : keys);
  if (spec.kind === "unseen") {
    const seen = new SeenWindows(spec.window);
    for (const s of normal) seen.add(withEnd(s));
    return {flag: (keys) => seen.unseen(withEnd(keys), spec).length > 0, dispose: () => {}};
  }
  const training = normal.map(withEnd);
  const vocabulary = buildVocabulary(training);
  const model: Predictor = await createModel({kind: "ngram", window: spec.window, vocabulary});
  await model.fit(training.map((s) => encode(vocabulary, s)));
  const rule = {topG: spec.topG, threshold: spec.threshold};
  return {
    flag: (keys) => {
      const verdicts = judgeSequence(model, encode(vocabulary, withEnd(keys)), rule);
      if (verdicts.some((v) => v.anomalous)) return true;
      return (
        spec.endKey === true && spec.endThreshold !== undefined && verdicts[keys.length].probability < spec.endThreshold
      );
    },
    dispose: () => model.dispose()
  };
}

/** Every unordered pair of distinct keys of a session, as "a\u0000b" with a < b. */
function keyPairs(keys: readonly string[]): string[] {
  const distinct = [...new Set(keys)].sort();
  const out: string[] = [];
  for (let i = 0; i < distinct.length; ++i)
    for (let j = i + 1; j < distinct.length; ++j) out.push(distinct[i] + "\u0000" + distinct[j]);
  return out;
}
