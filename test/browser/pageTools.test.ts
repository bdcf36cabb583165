/**
 * The tools every page gets (src/browser/pageTools.ts), in Chromium on the built site: SVG and PNG export of a
 * chart, CSV export of a whole table (all rows, not only those rendered), and presentation mode by URL and key.
 */
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, test} from "node:test";
import type {Page} from "playwright-core";
import {watchedPage} from "./chromium.js";
import {builtSite} from "./builtSite.js";

async function settle(page: Page): Promise<void> {
  await page.waitForSelector("svg[class^='plot-']", {timeout: 60_000});
  await page.waitForFunction(() => !document.querySelector(".observablehq--running, .observablehq--pending"), null, {
    timeout: 60_000
  });
}

/** Hovers `target`, clicks the toolbar button `label` and returns the downloaded file's name and bytes. */
async function exportFrom(page: Page, target: string, label: string): Promise<{name: string; bytes: Buffer}> {
  await page.locator(target).first().hover();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.locator(".export-bar button", {hasText: label}).click()
  ]);
  const path = await download.path();
  return {name: download.suggestedFilename(), bytes: readFileSync(path)};
}

describe("page tools in Chromium", () => {
  const site = builtSite();

  test("a chart exports as a standalone SVG and a PNG, a table as CSV with all its rows", async () => {
    const {page, log} = await watchedPage(site.browser);
    await page.setViewportSize({width: 1024, height: 768});
    await page.goto(site.origin + "/distribution.html", {waitUntil: "load"});
    await settle(page);
    const chart = "#observablehq-main svg[class^='plot-']";
    const ticks = await page.locator(chart).first().locator("[aria-label$='tick label'] text").allTextContents();

    const svg = await exportFrom(page, chart, "SVG");
    const markup = svg.bytes.toString("utf8");
    assert.match(svg.name, /^distribution-.+\.svg$/);
    assert.match(markup, /^<svg[^>]+xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.ok(ticks.length > 0 && ticks.every((t) => markup.includes(`>${t}<`)), "tick labels are in the SVG");
    assert.match(markup, /^<svg[^>]+style="[^"]*fill: rgb\(/, "the theme's text colour is written into the SVG");
    assert.doesNotMatch(markup, /style="[^"]*(var\(--|color\()/, "colours are plain rgb(), not CSS variables");
    assert.ok(markup.length < 60_000, `SVG of ${markup.length} characters: only what differs is written`);

    const png = await exportFrom(page, chart, "PNG");
    assert.match(png.name, /\.png$/);
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG file");
    assert.ok(png.bytes.length > 2_000, `PNG of ${png.bytes.length} bytes`);

    const total = Number(/^([\d,]+) of/.exec((await page.textContent("#filter-summary")) ?? "")?.[1].replace(/,/g, ""));
    const csv = await exportFrom(page, "form[class*='-table']", "CSV");
    const lines = csv.bytes.toString("utf8").trimEnd().split("\n");
    assert.match(csv.name, /\.csv$/);
    assert.equal(lines[0], "index,time,action,user,namespace");
    assert.equal(lines.length - 1, total, "every row of the table, not only the 15 rendered");
    assert.match(lines[1], /^\d+,\d{4}-\d\d-\d\dT[\d:.]+Z,/, "raw values: ISO times");

    assert.deepEqual(log.errors, []);
    assert.deepEqual(log.offHost, []);
    await page.close();
  });

  test("presentation mode: ?present hides the sidebar and enlarges the page; P toggles it; it follows the tab", async () => {
    const {page, log} = await watchedPage(site.browser);
    await page.setViewportSize({width: 1024, height: 768});
    const state = () =>
      page.evaluate(() => ({
        present: document.documentElement.classList.contains("present"),
        sidebar: getComputedStyle(document.getElementById("observablehq-sidebar")!).display,
        zoom: getComputedStyle(document.getElementById("observablehq-center")!).zoom
      }));
    await page.goto(site.origin + "/distribution.html?present", {waitUntil: "load"});
    await settle(page);
    assert.deepEqual(await state(), {present: true, sidebar: "none", zoom: "1.25"});
    await page.goto(site.origin + "/index.html", {waitUntil: "load"});
    await page.waitForSelector("#observablehq-main h1");
    assert.equal((await state()).present, true, "stays on when moving to another page in the same tab");
    await page.keyboard.press("p");
    assert.deepEqual((await state()).present, false);
    assert.notEqual((await state()).sidebar, "none");
    await page.keyboard.press("p");
    assert.equal((await state()).present, true);
    await page.keyboard.press("Escape");
    assert.equal((await state()).present, false);
    assert.deepEqual(log.errors, []);
    await page.close();
  });
});
