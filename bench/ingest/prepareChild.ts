/** Contender: the project's ingestion, raw audit JSONL -> Arrow tables (prepareInputs). Prints {seconds, lines, events, actions, rejected, outputBytes}. */
import {prepareInputs} from "../../src/node/prepare.js";
// Loaded before the clock starts, as duckdbChild.ts loads @duckdb/node-api: both time the work, not module loading.
import "../../src/node/duckdbEvents.js";
import {arrowBytes} from "./arrowBytes.js";

const started = performance.now();
const result = await prepareInputs([process.argv[2]]);
const seconds = (performance.now() - started) / 1000;
console.log(
  JSON.stringify({
    seconds,
    lines: result.report.lines,
    events: result.eventsTable.numRows,
    actions: result.actionsTable.numRows,
    rejected: result.report.rejected,
    engine: result.engine,
    outputBytes: arrowBytes(result.eventsTable) + arrowBytes(result.actionsTable)
  })
);
