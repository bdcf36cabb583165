/**
 * Writes a synthetic audit log fitted on the embedded PerfSPEC events.
 * Usage: tsx bench/generateAuditLog.ts <out.jsonl> <events> [seed]
 */
import {createWriteStream} from "node:fs";
import {once} from "node:events";
import {fitAuditLogModel} from "../src/lib/synthetic/auditLogModel.js";
import {generateAuditLines} from "../src/lib/synthetic/generateAuditLog.js";
import {readDerivedEvents} from "./inputs.js";

/** Generates `events` lines into `path` (streaming, with back-pressure); returns the bytes written. */
export async function writeSyntheticLog(path: string, events: number, seed = 1): Promise<number> {
  const model = fitAuditLogModel(await readDerivedEvents());
  const out = createWriteStream(path);
  let chunk: string[] = [];
  for (const line of generateAuditLines(model, {events, seed})) {
    chunk.push(line);
    if (chunk.length === 2000) {
      if (!out.write(chunk.join("\n") + "\n")) await once(out, "drain");
      chunk = [];
    }
  }
  if (chunk.length) out.write(chunk.join("\n") + "\n");
  out.end();
  await once(out, "finish");
  return out.bytesWritten;
}

if (process.argv[1]?.endsWith("generateAuditLog.ts")) {
  const [path, events, seed] = process.argv.slice(2);
  if (!path || !events) {
    console.error("usage: tsx bench/generateAuditLog.ts <out.jsonl> <events> [seed]");
    process.exit(2);
  }
  const bytes = await writeSyntheticLog(path, Number(events), Number(seed ?? 1));
  console.log(`${path}: ${events} events, ${(bytes / 1e6).toFixed(1)} MB`);
}
