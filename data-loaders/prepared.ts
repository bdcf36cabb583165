/**
 * Loader program behind src/data/{events.arrow,actions.arrow,report.json}: prepares the configured inputs
 * (see dataSources.ts) with the ingestion library and writes one of its outputs to stdout.
 */
import {tableToIPC} from "apache-arrow";
import {basename} from "node:path";
import {prepareInputs} from "../src/node/prepare.js";
import {dataOrigin} from "./dataSources.js";

export type PreparedPart = "events" | "actions" | "report";

export async function writePrepared(part: PreparedPart): Promise<void> {
  try {
    const origin = dataOrigin();
    const prepared = await prepareInputs(origin.paths);
    if (part === "report") {
      // Pages show file names, not the absolute paths of the machine that built the report.
      const {report} = prepared;
      const source = {embedded: origin.embedded, files: origin.paths.map((p) => basename(p))};
      const inputs = report.inputs.map((input) => ({...input, file: basename(input.file)}));
      const problems = report.problems.map((problem) => ({...problem, file: basename(problem.file)}));
      process.stdout.write(JSON.stringify({...report, inputs, problems, source}));
    } else {
      process.stdout.write(tableToIPC(part === "events" ? prepared.eventsTable : prepared.actionsTable, "stream"));
    }
  } catch (error) {
    console.error(`data loader (${part}): ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
