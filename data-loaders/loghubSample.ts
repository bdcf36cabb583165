/** One loghub 2k sample as plain text, for the Templates page to parse in the browser. */
import {fileURLToPath} from "node:url";
import {presetNames, type PresetName} from "../src/lib/templates/presets.js";
import {readLines} from "../src/node/readLines.js";

/**
 * The raw lines of `data/loghub-2k/<system>/<system>_2k.log.xz`, joined by "\n", as bytes.
 * @example await loghubSampleText("HDFS") // Uint8Array of 2,000 HDFS lines
 */
export async function loghubSampleText(system: string): Promise<Uint8Array> {
  if (!presetNames.includes(system as PresetName))
    throw new Error(`unknown loghub system "${system}" (one of ${presetNames.join(", ")})`);
  const path = fileURLToPath(new URL(`../data/loghub-2k/${system}/${system}_2k.log.xz`, import.meta.url));
  const lines: string[] = [];
  for await (const {text} of readLines(path)) lines.push(text);
  return new TextEncoder().encode(lines.join("\n"));
}
