/**
 * The audit data the data pages show: the site's own (prepared at build time by the data loader), or a log the
 * user uploaded in this browser. An upload is parsed in a Web Worker (ingestWorker.ts) and kept in IndexedDB, so
 * every page uses it, after a reload too, with no rebuild; nothing leaves the browser. `useSiteData()` goes back.
 */
import {FileAttachment} from "observablehq:stdlib";
import {tableFromIPC, type Table} from "apache-arrow";
import {createStore, del, get, set} from "idb-keyval";
import type {PrepareReport} from "../lib/ingest/types.js";
import type {WorkerReply} from "./ingestWorker.js";

export interface WorkspaceData {
  events: Table;
  actions: Table;
  report: PrepareReport & {source: {embedded: boolean; files: string[]; uploaded?: boolean}};
  /** The upload in use, or null for the site's own data. */
  uploaded: {files: string[]; savedAt: string} | null;
}

interface StoredUpload {
  files: string[];
  savedAt: string;
  events: Uint8Array;
  actions: Uint8Array;
  report: PrepareReport;
}

const store = () => createStore("perfspec-workspace", "uploaded-log");
const KEY = "current";

/** The uploaded log if there is one, else the site's prepared data. */
export async function workspaceData(): Promise<WorkspaceData> {
  const upload = await get<StoredUpload>(KEY, store()).catch(() => undefined);
  if (upload) {
    return {
      events: tableFromIPC(upload.events),
      actions: tableFromIPC(upload.actions),
      report: {...upload.report, source: {embedded: false, files: upload.files, uploaded: true}},
      uploaded: {files: upload.files, savedAt: upload.savedAt}
    };
  }
  const [events, actions, report] = await Promise.all([
    FileAttachment("../data/prepared/events.arrow").arrow(),
    FileAttachment("../data/prepared/actions.arrow").arrow(),
    FileAttachment("../data/prepared/report.json").json<WorkspaceData["report"]>()
  ]);
  return {events, actions, report, uploaded: null};
}

/** Whether the pages use an uploaded log (checked without loading the site's own data). */
export async function hasUpload(): Promise<boolean> {
  return (await get<StoredUpload>(KEY, store()).catch(() => undefined)) !== undefined;
}

/**
 * Parses `files` in a worker, reporting progress (0 to 1), and keeps the result for every page. Rejects with the
 * ingestion's message (file and problem) when no input can be read.
 */
export function uploadLog(files: readonly File[], onProgress: (share: number, file: string) => void): Promise<void> {
  const worker = new Worker(import.meta.resolve("./ingestWorker.js"), {type: "module"});
  return new Promise<void>((resolve, reject) => {
    worker.onerror = (event) => reject(new Error(event.message || "the upload worker failed"));
    worker.onmessage = async ({data}: MessageEvent<WorkerReply>) => {
      if (data.type === "progress") return onProgress(data.total ? data.done / data.total : 1, data.file);
      worker.terminate();
      if (data.type === "error") return reject(new Error(data.message));
      const upload: StoredUpload = {
        files: files.map((f) => f.name),
        savedAt: new Date().toISOString(),
        events: data.events,
        actions: data.actions,
        report: data.report as PrepareReport
      };
      await set(KEY, upload, store()).then(resolve, reject);
    };
    worker.postMessage({files: [...files]});
  });
}

/** Forget the upload: the pages show the site's own data again. */
export async function useSiteData(): Promise<void> {
  await del(KEY, store());
}
