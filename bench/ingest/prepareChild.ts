/** Contender: the project's ingestion, raw audit JSONL -> Arrow tables (prepareInputs). Prints {seconds, lines, events, actions}. */
import {prepareInputs} from "../../src/node/prepare.js";

const started = performance.now();
const result = await prepareInputs([process.argv[2]]);
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({
  seconds,
  lines: result.report.lines,
  events: result.eventsTable.numRows,
  actions: result.actionsTable.numRows,
  rejected: result.report.rejected,
}));
