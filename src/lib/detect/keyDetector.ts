/**
 * DeepLog's rule on key sessions (`--format sequences`): each key, and the end of each session, judged against the
 * model's top-g for the keys before it. The end-of-session key lets a session that stops early be flagged.
 */
import {createModel} from "../learn/models.js";
import type {Predictor} from "../learn/predictor.js";
import {buildVocabulary, encode, type Vocabulary} from "../learn/vocabulary.js";
import {judgeSequence} from "./judgeSequence.js";
import type {KeySession} from "./keySequences.js";
import type {NextActionRule} from "./nextActionRule.js";
import {END} from "./sessionDetector.js";

export interface KeyDetector {
  model: Predictor;
  vocabulary: Vocabulary;
}

/**
 * A back-off n-gram over normal sessions, each followed by the end-of-session key.
 * @example const detector = await trainKeyDetector([["5", "22", "11"]], {window: 10})
 */
export async function trainKeyDetector(
  sessions: readonly (readonly string[])[],
  options: {window?: number} = {}
): Promise<KeyDetector> {
  const training = sessions.map((s) => [...s, END]);
  if (training.length === 0) throw new Error("no sessions to train on");
  const vocabulary = buildVocabulary(training);
  const model = await createModel({kind: "ngram", window: options.window ?? 10, vocabulary});
  await model.fit(training.map((s) => encode(vocabulary, s)));
  return {model, vocabulary};
}

export interface FlaggedKey {
  file: string;
  line: number;
  /** 1-based position of the key in its session; the end of a session of n keys is position n + 1, key "<end>". */
  position: number;
  key: string;
  expected: string[];
}

export interface KeyDetection {
  sessions: number;
  /** Keys scored, ends of sessions included when the model knows the end key. */
  events: number;
  flagged: FlaggedKey[];
}

/**
 * Judges every key of every session (and its end, when the model was trained with the end key).
 * @example detectKeySessions(detector, [{file: "f", sessions: [{line: 1, keys: ["5", "22"]}]}], {topG: 9}).flagged
 */
export function detectKeySessions(
  detector: KeyDetector,
  files: readonly {file: string; sessions: readonly KeySession[]}[],
  rule: NextActionRule
): KeyDetection {
  const {model, vocabulary} = detector;
  const withEnd = vocabulary.index.has(END);
  const result: KeyDetection = {sessions: 0, events: 0, flagged: []};
  for (const {file, sessions} of files)
    for (const {line, keys} of sessions) {
      const scored = withEnd ? [...keys, END] : keys;
      result.sessions++;
      result.events += scored.length;
      judgeSequence(model, encode(vocabulary, scored), rule).forEach((v, i) => {
        if (v.anomalous)
          result.flagged.push({
            file,
            line,
            position: i + 1,
            key: scored[i],
            expected: v.expected.map((id) => vocabulary.actions[id])
          });
      });
    }
  return result;
}
