/** The action sequence from wherever it is: a prepare output folder, an actions.arrow file, or raw inputs. */
import {readFile, stat} from "node:fs/promises";
import {join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {tableToActions} from "../lib/ingest/arrowTables.js";
import {policyDifferences, policyLabel, resolvePolicy, type CleaningPolicy} from "../lib/ingest/cleaningPolicy.js";
import type {ActionRecord, PrepareReport} from "../lib/ingest/types.js";
import {readFirstBytes} from "./openInput.js";
import {prepareInputs, type PrepareOptions} from "./prepare.js";

/**
 * Loads actions from a `perfspec prepare` output folder (actions.arrow, plus report.json when present), from an
 * Arrow IPC file of actions, or by preparing any input `prepare` takes (with its options).
 * @example const {actions} = await loadActions("prepared"); // or loadActions(["audit-logs.csv"])
 */
export async function loadActions(
  pathOrDir: string | string[],
  options: PrepareOptions = {}
): Promise<{actions: ActionRecord[]; report?: PrepareReport}> {
  const paths = typeof pathOrDir === "string" ? [pathOrDir] : pathOrDir;
  if (paths.length === 1) {
    const path = paths[0];
    const info = await stat(path).catch(() => null);
    if (info?.isDirectory()) return loadPreparedDir(path);
    if (info?.isFile() && (await isArrowIpc(path))) return {actions: await readActionsArrow(path)};
  }
  const {actions, report} = await prepareInputs(paths, options);
  return {actions, report};
}

/** The actions of one or more `--data` paths, for learning: like loadActions, but no actions at all is an error. */
export async function loadActionRecords(
  paths: string | string[],
  options: PrepareOptions = {}
): Promise<ActionRecord[]> {
  return (await loadPolicedActions(paths, options.policy, options)).actions;
}

/** Data prepared with one cleaning policy where another was asked for (a model's, or `--policy`). */
export class PolicyMismatchError extends Error {}

/**
 * The actions of `--data` paths with the cleaning policy they were cleaned with: raw inputs are prepared with
 * `policy` (default perfspec); a prepared folder keeps the policy its report.json records, and asking for another
 * throws a PolicyMismatchError (its actions cannot be cleaned again). `policy` null: an actions.arrow file, no record.
 * @example const {actions, policy} = await loadPolicedActions(["audit.log"], {preset: "security"})
 */
export async function loadPolicedActions(
  paths: string | string[],
  policy?: Partial<CleaningPolicy> | null,
  options: PrepareOptions = {}
): Promise<{actions: ActionRecord[]; policy: CleaningPolicy | null}> {
  const {actions, report} = await loadActions(paths, {...options, policy: policy ?? undefined});
  const names = [paths].flat().join(", ");
  if (actions.length === 0) throw new Error(`${names}: no actions`);
  const applied = report?.policy === undefined ? null : resolvePolicy(report.policy);
  if (applied !== null && policy != null && policyDifferences(applied, policy).length > 0)
    throw new PolicyMismatchError(
      `${names} was prepared with the ${policyLabel(applied)} cleaning policy, not ${policyLabel(policy)} (${policyDifferences(applied, policy).join(", ")} differ): give the raw input, or prepare it again with --policy`
    );
  return {actions, policy: applied};
}

async function loadPreparedDir(dir: string): Promise<{actions: ActionRecord[]; report?: PrepareReport}> {
  const arrow = join(dir, "actions.arrow");
  if (!(await stat(arrow).catch(() => null))?.isFile()) {
    throw new Error(`${dir}: no actions.arrow in this folder (run 'perfspec prepare <input...> --out ${dir}' first)`);
  }
  const actions = await readActionsArrow(arrow);
  const reportPath = join(dir, "report.json");
  let text: string;
  try {
    text = await readFile(reportPath, "utf8");
  } catch {
    return {actions};
  }
  try {
    return {actions, report: JSON.parse(text) as PrepareReport};
  } catch (error) {
    throw new Error(`${reportPath}: not valid JSON (${error instanceof Error ? error.message : String(error)})`, {
      cause: error
    });
  }
}

async function readActionsArrow(path: string): Promise<ActionRecord[]> {
  try {
    return tableToActions(tableFromIPC(await readFile(path)));
  } catch (error) {
    throw new Error(
      `${path}: not a readable actions table (${error instanceof Error ? error.message : String(error)})`,
      {cause: error}
    );
  }
}

/** Arrow IPC stream (continuation marker 0xFFFFFFFF) or file ("ARROW1") format. */
async function isArrowIpc(path: string): Promise<boolean> {
  const head = await readFirstBytes(path, 6);
  return head.subarray(0, 4).equals(Buffer.from([0xff, 0xff, 0xff, 0xff])) || head.toString("latin1") === "ARROW1";
}
