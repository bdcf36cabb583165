/** `--policy perfspec|security|<file.json>`: a cleaning-policy preset by name, or a JSON file of overrides. */
import type {CleaningPolicy} from "../lib/ingest/cleaningPolicy.js";
import {readPolicyArgument} from "../node/policyFile.js";
import {UsageError} from "./usage.js";

/**
 * The policy overrides `--policy` names (see readPolicyArgument); a bad one is a UsageError (exit 2) naming the
 * file and the field.
 * @example await policyOption("security") // {preset: "security"}
 */
export async function policyOption(value: string): Promise<Partial<CleaningPolicy>> {
  try {
    return await readPolicyArgument(value);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
