/**
 * Loader program behind src/data/prepared.zip: prepares the configured inputs (see dataSources.ts) once with
 * the ingestion library and writes a zip of its three outputs, which pages read as
 * `data/prepared/events.arrow`, `data/prepared/actions.arrow` and `data/prepared/report.json`.
 */
import {tableToIPC} from "apache-arrow";
import JSZip from "jszip";
import {basename} from "node:path";
import {eventSummary} from "../src/lib/eventSummary.js";
import {prepareInputs} from "../src/node/prepare.js";
import {dataOrigin, dataPolicy} from "./dataSources.js";

export async function preparedArchive(): Promise<Uint8Array> {
  const origin = dataOrigin();
  const {report, eventsTable, actionsTable} = await prepareInputs(origin.paths, {policy: await dataPolicy()});
  // Pages show file names, not the absolute paths of the machine that built the report.
  const source = {embedded: origin.embedded, files: origin.paths.map((p) => basename(p))};
  const inputs = report.inputs.map((input) => ({...input, file: basename(input.file)}));
  const problems = report.problems.map((problem) => ({...problem, file: basename(problem.file)}));
  const zip = new JSZip();
  zip.file("events.arrow", tableToIPC(eventsTable, "stream"));
  zip.file("actions.arrow", tableToIPC(actionsTable, "stream"));
  // The events' count and time span, so that the Overview need not fetch the events table to print them.
  zip.file(
    "report.json",
    JSON.stringify({...report, inputs, problems, source, eventSummary: eventSummary(eventsTable)})
  );
  // Stored, not deflated: the loader's output is cached locally and Arrow compresses poorly anyway.
  return zip.generateAsync({type: "uint8array", compression: "STORE"});
}
