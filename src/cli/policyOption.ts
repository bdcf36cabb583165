/** `--policy perfspec|security|<file.json>`: a cleaning-policy preset by name, or a JSON file of overrides. */
import {readFile} from "node:fs/promises";
import {PRESET_NAMES, resolvePolicy, type CleaningPolicy, type PresetName} from "../lib/ingest/cleaningPolicy.js";
import {UsageError} from "./usage.js";

/**
 * The policy overrides `--policy` names: a preset (`{preset: "security"}`), or a JSON file whose fields override
 * its `preset` (default perfspec). Throws a UsageError naming the file and the bad field.
 * @example await policyOption("security") // {preset: "security"}
 * @example await policyOption("my-policy.json") // {dropVerbs: ["watch"]}
 */
export async function policyOption(value: string): Promise<Partial<CleaningPolicy>> {
  if ((PRESET_NAMES as readonly string[]).includes(value)) return {preset: value as PresetName};
  let text: string;
  try {
    text = await readFile(value, "utf8");
  } catch {
    throw new UsageError(
      `--policy ${JSON.stringify(value)}: neither a preset (${PRESET_NAMES.join(", ")}) nor a readable policy file`
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${value}: the policy file is not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new UsageError(
      `${value}: the policy file must hold a JSON object of policy fields, e.g. {"dropVerbs": ["watch"]}`
    );
  try {
    resolvePolicy(parsed as Partial<CleaningPolicy>);
  } catch (error) {
    throw new UsageError(`${value}: ${(error as Error).message}`);
  }
  return parsed as Partial<CleaningPolicy>;
}
