/**
 * Your own log in the page, in Chromium on the built site: a gzipped audit log picked on the Overview is read by
 * the ingestion library in a Web Worker, kept in this browser, and shown by every data page after a reload, with a
 * way back to the site's data; a file in no known format gets the library's message, naming it.
 */
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {gzipSync} from "node:zlib";
import {test} from "node:test";
import {watchedPage} from "./chromium.js";
import {builtSite} from "./builtSite.js";

const site = builtSite();

test("an uploaded .gz log is read in a worker and shown by every data page until the site's data is chosen again", async () => {
  const {page, log} = await watchedPage(site.browser);
  await page.goto(site.origin + "/index.html", {waitUntil: "load"});
  await page.waitForSelector("#upload-input", {timeout: 60_000});
  // Real events: the first 300 lines of the PerfSPEC audit log, as JSON lines (test fixture).
  const text = readFileSync("test/fixtures/ingest/audit-events-head300.jsonl", "utf8");
  await page.setInputFiles("#upload-input", {
    name: "mine.jsonl.gz",
    mimeType: "application/gzip",
    buffer: gzipSync(text)
  });
  await page.waitForSelector(".upload-banner", {timeout: 60_000});
  const overview = await page.locator("#observablehq-main").innerText();
  assert.match(overview, /your uploaded log: mine\.jsonl\.gz/i);

  await page.goto(site.origin + "/distribution.html", {waitUntil: "load"});
  // The banner: the upload is shown (the site's data may be drawn first if IndexedDB answers late, see below).
  await page.waitForSelector(".upload-banner", {timeout: 60_000});
  const summary = (await page.textContent("#filter-summary")) ?? "";
  const shown = Number(/of ([\d,]+) actions/.exec(summary)?.[1].replace(/,/g, ""));
  assert.ok(shown > 0 && shown < 300, `the distribution shows the upload's actions (${shown}), not the site's 2,163`);
  // DuckDB takes the upload's tables (they must come from its own apache-arrow) and queries them.
  await page.goto(site.origin + "/sql.html", {waitUntil: "load"});
  await page.waitForSelector(".upload-banner", {timeout: 60_000});
  await page.waitForSelector("form table tbody tr", {timeout: 60_000});
  await page.goto(site.origin + "/quality.html", {waitUntil: "load"});
  await page.waitForSelector(".upload-banner", {timeout: 60_000});

  await page.getByRole("button", {name: "Show the site's data again"}).click();
  await page.waitForFunction(
    () => !document.querySelector(".upload-banner") && document.body.innerText.includes("2,163")
  );

  await page.goto(site.origin + "/index.html", {waitUntil: "load"});
  await page.waitForSelector("#upload-input");
  await page.setInputFiles("#upload-input", {
    name: "notes.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.from("%PDF-1.7\nnot a log\n")
  });
  await page.waitForFunction(() => document.querySelector("#upload-status")?.textContent?.includes("notes.pdf"));
  assert.equal(await page.locator(".upload-banner").count(), 0, "a failed upload changes nothing");
  assert.deepEqual(log.errors, []);
  assert.deepEqual(log.offHost, []);
  await page.close();
});

/**
 * Every IndexedDB open in the page answers `ms` late (a slow disk, a busy browser), and the page records when it did:
 * the data pages must draw the site's data without waiting for the upload look-up, then show an upload it finds.
 */
function slowIndexedDB(ms: number): void {
  const seen = window as unknown as {indexedDBAnswered?: boolean};
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (this: IDBFactory, ...args: Parameters<IDBFactory["open"]>) {
    const request = open.apply(this, args);
    let late = false;
    request.addEventListener("success", (event) => {
      if (late) return void (seen.indexedDBAnswered = true);
      event.stopImmediatePropagation();
      setTimeout(() => ((late = true), request.dispatchEvent(new Event("success"))), ms);
    });
    return request;
  };
}

test("a data page draws the site's data while IndexedDB is slow to answer, then the upload it holds", async () => {
  const {page, log} = await watchedPage(site.browser);
  await page.addInitScript(slowIndexedDB, 3000);
  const siteDataDrawn = (summary: string) =>
    page.waitForFunction(
      (summary) =>
        document.querySelector("#filter-summary")?.textContent?.includes(summary) &&
        document.querySelector("#observablehq-main svg[class^='plot-']") &&
        !(window as unknown as {indexedDBAnswered?: boolean}).indexedDBAnswered,
      summary,
      {timeout: 60_000}
    );
  // No upload: the chart and the site's 2,163 actions are there before IndexedDB has answered.
  await page.goto(site.origin + "/distribution.html", {waitUntil: "commit"});
  await siteDataDrawn("of 2,163 actions");

  await page.goto(site.origin + "/index.html", {waitUntil: "load"});
  await page.waitForSelector("#upload-input", {timeout: 60_000});
  const text = readFileSync("test/fixtures/ingest/audit-events-head300.jsonl", "utf8");
  await page.setInputFiles("#upload-input", {name: "mine.jsonl", mimeType: "text/plain", buffer: Buffer.from(text)});
  await page.waitForSelector(".upload-banner", {timeout: 60_000});

  // An upload kept in the browser: the site's data first, replaced by the upload's when IndexedDB answers.
  await page.goto(site.origin + "/distribution.html", {waitUntil: "commit"});
  await siteDataDrawn("of 2,163 actions");
  await page.waitForSelector(".upload-banner", {timeout: 60_000});
  const summary = (await page.textContent("#filter-summary")) ?? "";
  const shown = Number(/of ([\d,]+) actions/.exec(summary)?.[1].replace(/,/g, ""));
  assert.ok(shown > 0 && shown < 300, `after IndexedDB answers, the upload's actions (${shown}) replace the site's`);
  assert.deepEqual(log.errors, []);
  await page.close();
});
