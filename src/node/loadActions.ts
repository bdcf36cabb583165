/** The action sequence from wherever it is: a prepare output folder, an actions.arrow file, or raw inputs. */
import {readFile, stat} from "node:fs/promises";
import {join} from "node:path";
import {tableFromIPC} from "apache-arrow";
import {tableToActions} from "../lib/ingest/arrowTables.js";
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
export async function loadActionRecords(paths: string | string[]): Promise<ActionRecord[]> {
  const {actions} = await loadActions(paths);
  if (actions.length === 0) throw new Error(`${[paths].flat().join(", ")}: no actions`);
  return actions;
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
