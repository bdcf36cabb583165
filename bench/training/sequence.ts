/** The training data of the LSTM benchmark: the de-duplicated PerfSPEC sequence as window-2 id windows. */
import {readFileSync} from "node:fs";
import {windowsOf, type WindowSet} from "../../src/lib/learn/lstm.js";
import {buildVocabulary, encode} from "../../src/lib/learn/vocabulary.js";

export function sequenceWindows(path: string, window: number): {size: number; windows: WindowSet; actions: string[]} {
  const actions = readFileSync(path, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  const vocabulary = buildVocabulary([actions]);
  return {size: vocabulary.actions.length, windows: windowsOf([encode(vocabulary, actions)], window), actions};
}
