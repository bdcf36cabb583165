/**
 * Worker thread of jsonLinesWorkers.ts: reads runs of audit JSON lines (JSON.parse and the event's fields, the costly
 * part of ingesting them) and posts back what the reader produced, as a transferable ReaderBatch.
 */
import {parentPort} from "node:worker_threads";
import {lineContent} from "../lib/ingest/lineProblems.js";
import {JsonLinesReader} from "../lib/ingest/jsonLinesReader.js";
import {BatchRecorder} from "../lib/ingest/readerBatch.js";
import type {LineRun} from "./jsonLinesWorkers.js";

const recorder = new BatchRecorder();
const reader = new JsonLinesReader(recorder);

parentPort?.on("message", (runs: LineRun[]) => {
  let lines = 0;
  for (const {firstLine, text} of runs) {
    let lineNumber = firstLine;
    for (let start = 0; ; lineNumber++) {
      const next = text.indexOf("\n", start);
      const line = lineContent(next === -1 ? text.slice(start) : text.slice(start, next));
      if (line !== null) {
        lines++;
        reader.addLine(lineNumber, line);
      }
      if (next === -1) break;
      start = next + 1;
    }
  }
  const batch = recorder.take(lines);
  const transfer = [batch.kinds, batch.tags, batch.values, batch.lineNumbers, batch.names].map((a) => a.buffer);
  parentPort?.postMessage(batch, transfer as ArrayBuffer[]);
});
