/**
 * A Web Worker that reads dropped or picked log files with the same ingestion library as `perfspec prepare`, so a
 * large log does not freeze the page; it posts progress as it goes, then the two tables (Arrow IPC) and the report.
 * Gzip is decompressed by the browser (DecompressionStream); nothing leaves the browser.
 */
import {tableToIPC} from "apache-arrow";
import {eventSummary} from "../lib/eventSummary.js";
import {ingestTexts, type TextInput} from "../lib/ingest/ingestTexts.js";

export type WorkerReply =
  | {type: "progress"; file: string; done: number; total: number}
  | {type: "done"; events: Uint8Array; actions: Uint8Array; report: unknown}
  | {type: "error"; message: string};

const post = (reply: WorkerReply, transfer: Transferable[] = []) => self.postMessage(reply, {transfer});

self.onmessage = async (message: MessageEvent<{files: File[]}>) => {
  try {
    const inputs: TextInput[] = [];
    for (const file of message.data.files) inputs.push({name: file.name, text: await fileText(file)});
    const result = ingestTexts(inputs, {}, (p) => post({type: "progress", ...p}));
    const events = tableToIPC(result.eventsTable, "stream");
    const actions = tableToIPC(result.actionsTable, "stream");
    // The Overview's event count and time span, so that it need not parse the events table.
    const report = {...result.report, eventSummary: eventSummary(result.eventsTable)};
    post({type: "done", events, actions, report}, [events.buffer, actions.buffer]);
  } catch (error) {
    post({type: "error", message: error instanceof Error ? error.message : String(error)});
  }
};

/** The file as text, gunzipped when it starts with gzip's magic bytes; xz is refused with what to do instead. */
async function fileText(file: File): Promise<string> {
  const head = new Uint8Array(await file.slice(0, 6).arrayBuffer());
  if (head[0] === 0x1f && head[1] === 0x8b)
    return new Response(file.stream().pipeThrough(new DecompressionStream("gzip"))).text();
  if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a)
    throw new Error(`${file.name}: xz files are read by \`perfspec prepare\`, not in the browser: unxz it, or gzip it`);
  return file.text();
}
