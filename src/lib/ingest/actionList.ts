import type {ActionRecord} from "./types.js";

/** `verb_resource`: a lower-case verb, an underscore, then a resource name (possibly empty, like parse.py's `create_`). */
export const ACTION_PATTERN = /^[a-z]+_[A-Za-z0-9.-]*$/;

/**
 * Reads one line of a plain action list (parse.py's events-dataset.txt) into a record, or returns the reason it is
 * not an action. Action lists carry no time, user or namespace.
 * @example actionLineToRecord("create_pods") // {action: "create_pods", time: null, user: null, namespace: null}
 */
export function actionLineToRecord(line: string): ActionRecord | string {
  const action = line.trim();
  if (!ACTION_PATTERN.test(action)) return `not a verb_resource action: ${JSON.stringify(action.slice(0, 80))}`;
  return {action, time: null, user: null, namespace: null};
}
