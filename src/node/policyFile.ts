/** A cleaning policy named on the command line or in PERFSPEC_POLICY: a preset name, or a JSON file of overrides. */
import {readFile} from "node:fs/promises";
import {PRESET_NAMES, resolvePolicy, type CleaningPolicy, type PresetName} from "../lib/ingest/cleaningPolicy.js";

/**
 * The policy overrides `value` names: a preset (`{preset: "security"}`), or a JSON file whose fields override its
 * `preset` (default perfspec), validated. Throws an Error naming the file and the bad field; `what` names the
 * option in messages.
 * @example await readPolicyArgument("security") // {preset: "security"}
 * @example await readPolicyArgument("my-policy.json") // {dropVerbs: ["watch"]}
 */
export async function readPolicyArgument(value: string, what = "--policy"): Promise<Partial<CleaningPolicy>> {
  if ((PRESET_NAMES as readonly string[]).includes(value)) return {preset: value as PresetName};
  let text: string;
  try {
    text = await readFile(value, "utf8");
  } catch {
    throw new Error(
      `${what} ${JSON.stringify(value)}: neither a preset (${PRESET_NAMES.join(", ")}) nor a readable policy file`
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${value}: the policy file is not valid JSON (${(error as Error).message})`, {cause: error});
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new Error(
      `${value}: the policy file must hold a JSON object of policy fields, e.g. {"dropVerbs": ["watch"]}`
    );
  try {
    resolvePolicy(parsed as Partial<CleaningPolicy>);
  } catch (error) {
    throw new Error(`${value}: ${(error as Error).message}`, {cause: error});
  }
  return parsed as Partial<CleaningPolicy>;
}
