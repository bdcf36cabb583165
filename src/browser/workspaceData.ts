/**
 * The audit data the data pages show: the site's own (prepared at build time by the data loader), or a log the
 * user uploaded in this browser. An upload is parsed in a Web Worker (ingestWorker.ts) and kept in IndexedDB, so
 * every page uses it, after a reload too, with no rebuild; nothing leaves the browser. `useSiteData()` goes back.
 *
 * A page asks only for the part it draws: `workspaceReport()` here, `workspaceActions()` (workspaceActions.ts); the
 * report is 1 kB, the events table 1.7 MB. Each is a generator for a page cell: the IndexedDB look-up and the
 * site's files are fetched at once, so the first chart waits for neither in turn; the site's data is drawn as soon
 * as it is there and, in the rare case IndexedDB answers later with an upload, replaced by it.
 */
import {FileAttachment} from "observablehq:stdlib";
import type {Table} from "npm:apache-arrow";
import {createStore, del, get, set} from "idb-keyval";
import type {PrepareReport} from "../lib/ingest/types.js";
import {eventSummary, type EventSummary} from "../lib/eventSummary.js";
import type {WorkerReply} from "./ingestWorker.js";

export type WorkspaceReport = PrepareReport & {
  source: {embedded: boolean; files: string[]; uploaded?: boolean};
  /** The events table's row count and time span (the data loader adds it; computed here for an upload). */
  eventSummary?: EventSummary;
};

/** The upload in use, or null for the site's own data. */
export type Uploaded = {files: string[]; savedAt: string} | null;

export interface WorkspaceData {
  events: Table;
  actions: Table;
  report: WorkspaceReport;
  uploaded: Uploaded;
}

export interface StoredUpload {
  files: string[];
  savedAt: string;
  events: Uint8Array;
  actions: Uint8Array;
  report: PrepareReport & {eventSummary?: EventSummary};
}

const store = () => createStore("perfspec-workspace", "uploaded-log");
const KEY = "current";

// One look-up per page load, shared by every part a page asks for.
let lookup: Promise<StoredUpload | undefined> | null = null;
const storedUpload = () => (lookup ??= get<StoredUpload>(KEY, store()).catch(() => undefined));

// apache-arrow (200 kB of script) is loaded only when both tables are read (the SQL explorer) or for an upload, not
// by every page that imports this; it downloads with the tables. Framework's copy, which DuckDB takes tables from.
const arrowTable = async (bytes: Uint8Array | ArrayBuffer | Promise<ArrayBuffer>): Promise<Table> => {
  const [{tableFromIPC}, data] = await Promise.all([import("npm:apache-arrow"), bytes]);
  return tableFromIPC(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
};

export const siteReport = () => FileAttachment("../data/prepared/report.json").json<WorkspaceReport>();
const siteEvents = () => arrowTable(FileAttachment("../data/prepared/events.arrow").arrayBuffer());
const siteActions = () => arrowTable(FileAttachment("../data/prepared/actions.arrow").arrayBuffer());

export const uploadedOf = (upload: StoredUpload): Uploaded => ({files: upload.files, savedAt: upload.savedAt});
export const reportOf = async (upload: StoredUpload): Promise<WorkspaceReport> => ({
  ...upload.report,
  source: {embedded: false, files: upload.files, uploaded: true},
  // The worker summarises the events when it reads them; an upload kept by an older version of the site has none.
  eventSummary: upload.report.eventSummary ?? eventSummary(await arrowTable(upload.events))
});

/**
 * The site's part as soon as it is loaded, or the upload's if IndexedDB holds one: when IndexedDB answers first,
 * only the right one is yielded; when the site's files come first, they are drawn and the upload, if any, follows.
 */
export async function* siteOrUpload<T>(site: () => Promise<T>, fromUpload: (upload: StoredUpload) => Promise<T>) {
  const upload = storedUpload();
  const shipped = site();
  shipped.catch(() => {}); // unused when an upload answers first
  const uploadFirst = await Promise.race([upload.then((u) => ({u})), shipped.then(() => null)]);
  if (uploadFirst) {
    yield uploadFirst.u ? await fromUpload(uploadFirst.u) : await shipped;
    return;
  }
  yield await shipped;
  const later = await upload;
  if (later) yield await fromUpload(later);
}

/**
 * The report of the data in use (lines, rejections, policy, event count and time span) and which upload, if any.
 * In a page: `const part = workspaceReport();` in one cell, `part.report` in the next (a cell sees each value).
 */
export function workspaceReport(): AsyncGenerator<{report: WorkspaceReport; uploaded: Uploaded}> {
  return siteOrUpload(
    async () => ({report: await siteReport(), uploaded: null}),
    async (u) => ({report: await reportOf(u), uploaded: uploadedOf(u)})
  );
}

/** Everything at once (the SQL explorer loads both tables into DuckDB): the upload if there is one, else the site's. */
export async function workspaceData(): Promise<WorkspaceData> {
  const upload = await storedUpload();
  if (upload) {
    return {
      events: await arrowTable(upload.events),
      actions: await arrowTable(upload.actions),
      report: await reportOf(upload),
      uploaded: uploadedOf(upload)
    };
  }
  const [events, actions, report] = await Promise.all([siteEvents(), siteActions(), siteReport()]);
  return {events, actions, report, uploaded: null};
}

/** Whether the pages use an uploaded log (checked without loading the site's own data). */
export async function hasUpload(): Promise<boolean> {
  return (await storedUpload()) !== undefined;
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
        report: data.report as StoredUpload["report"]
      };
      lookup = null;
      await set(KEY, upload, store()).then(resolve, reject);
    };
    worker.postMessage({files: [...files]});
  });
}

/** Forget the upload: the pages show the site's own data again. */
export async function useSiteData(): Promise<void> {
  lookup = null;
  await del(KEY, store());
}
