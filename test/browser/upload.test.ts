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
  await page.waitForSelector("#filter-summary", {timeout: 60_000});
  const summary = (await page.textContent("#filter-summary")) ?? "";
  const shown = Number(/of ([\d,]+) actions/.exec(summary)?.[1].replace(/,/g, ""));
  assert.ok(shown > 0 && shown < 300, `the distribution shows the upload's actions (${shown}), not the site's 2,163`);
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
