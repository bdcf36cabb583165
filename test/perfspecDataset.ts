/** The PerfSPEC dataset kept in the repository (data/perfspec-kubernetes-event-dataset), for tests on the real files. */
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {openInput} from "../src/node/openInput.js";

export const PERFSPEC_DATA = fileURLToPath(new URL("../data/perfspec-kubernetes-event-dataset/", import.meta.url));

/** @example perfspecFile("events-dataset.txt.xz") // "<repository>/data/perfspec-kubernetes-event-dataset/events-dataset.txt.xz" */
export function perfspecFile(name: string): string {
  return join(PERFSPEC_DATA, name);
}

/** A dataset file's non-empty lines, decompressed when it is xz or gzip. */
export async function perfspecLines(name: string): Promise<string[]> {
  const chunks: Buffer[] = [];
  for await (const chunk of await openInput(perfspecFile(name))) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks)
    .toString("utf8")
    .split("\n")
    .filter((line) => line !== "");
}
