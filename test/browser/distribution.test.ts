/**
 * The action distribution page in Chromium: dragging across the chart over time filters every chart to that
 * range; filters that match nothing say so and offer a reset instead of drawing empty axes.
 */
import assert from "node:assert/strict";
import {test} from "node:test";
import type {Page} from "playwright-core";
import {watchedPage} from "./chromium.js";
import {builtSite} from "./builtSite.js";

const site = builtSite();

const shown = async (page: Page) =>
  Number(/^([\d,]+) of/.exec((await page.textContent("#filter-summary")) ?? "")?.[1].replace(/,/g, ""));

test("dragging across the chart over time keeps only that range; a filter matching nothing offers a reset", async () => {
  const {page, log} = await watchedPage(site.browser);
  await page.setViewportSize({width: 1024, height: 768});
  await page.goto(site.origin + "/distribution.html", {waitUntil: "load"});
  const overlay = page.locator(".time-brush .overlay");
  await overlay.waitFor({timeout: 60_000});
  const all = await shown(page);
  await overlay.scrollIntoViewIfNeeded();
  const box = (await overlay.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, {steps: 5});
  await page.mouse.up();
  // Wait for the filtered count: the summary reads "2,163 of 2,163" until the brush's range applies.
  await page.waitForFunction(
    (n) => !document.querySelector("#filter-summary")?.textContent?.startsWith(`${n} of`),
    all.toLocaleString("en-US")
  );
  const ranged = await shown(page);
  assert.ok(ranged > 0 && ranged < all, `a time range keeps part of the actions (${ranged} of ${all})`);
  assert.match(await page.locator("body").innerText(), /Time range: \d\d:\d\d:\d\d to \d\d:\d\d:\d\d UTC/);

  await page.getByRole("button", {name: "All times"}).click();
  await page.waitForFunction(
    (n) => document.querySelector("#filter-summary")?.textContent?.startsWith(n),
    all.toLocaleString("en-US")
  );
  // A verb and a user that never go together.
  await page.getByLabel("Verb", {exact: true}).selectOption("deletecollection");
  await page.getByLabel("User", {exact: true}).selectOption({index: 1});
  const reset = page.getByRole("button", {name: "Reset all filters"}).first();
  await reset.waitFor();
  assert.equal(
    await page.locator("#observablehq-main svg[class^='plot-'] [aria-label='bar']").count(),
    0,
    "no empty charts"
  );
  await reset.click();
  await page.waitForFunction(
    (n) => document.querySelector("#filter-summary")?.textContent?.startsWith(n),
    all.toLocaleString("en-US")
  );
  assert.deepEqual(log.errors, []);
  await page.close();
});
