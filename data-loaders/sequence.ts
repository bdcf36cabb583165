/** Behind src/data/sequence.json: the embedded de-duplicated sequence, for training and replay in the browser. */
import {basename} from "node:path";
import {loadActionRecords} from "../src/node/loadActions.js";
import {EMBEDDED_SEQUENCE} from "./dataSources.js";

/** The actions, with the chronological 80/20 cut the default models use. */
export async function sequenceJson(): Promise<{file: string; actions: string[]; testStart: number}> {
  const records = await loadActionRecords(EMBEDDED_SEQUENCE);
  const actions = records.map((r) => r.action);
  return {file: basename(EMBEDDED_SEQUENCE), actions, testStart: Math.floor(actions.length * 0.8)};
}
