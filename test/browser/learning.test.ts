/**
 * The learning pages of the built site (dist/, from `npm run build`) in Debian's Chromium: each renders its charts
 * with no console error and no request off 127.0.0.1; the Train page trains an LSTM for two epochs (and an MLP
 * for one) on the wasm backend and shows its curves and final metrics; the prediction explorer updates its top-k as one types.
 */
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {describe, test} from "node:test";
import JSZip from "jszip";
import type {Page} from "playwright-core";
import {watchedPage, type PageLog} from "./chromium.js";
import {builtSite} from "./builtSite.js";

const pages: {path: string; charts: number}[] = [
  {path: "/train.html", charts: 3},
  {path: "/metrics.html", charts: 1},
  // Six weight histograms more once their <details> is opened.
  {path: "/model.html", charts: 5},
  {path: "/predictions.html", charts: 2}
];

async function settle(page: Page): Promise<void> {
  await page.waitForSelector("[class^='plot-']", {timeout: 60_000});
  // TF.js loads once the first charts are drawn: wait until the page names its backend (where it shows one).
  await page.waitForFunction(() => document.querySelector("#tf-backend")?.textContent !== "", null, {timeout: 60_000});
  await page.waitForFunction(() => !document.querySelector(".observablehq--running, .observablehq--pending"), null, {
    timeout: 60_000
  });
  await page.waitForTimeout(300);
}

async function problems(page: Page, log: PageLog, path: string): Promise<void> {
  const cellErrors = await page.evaluate(() =>
    [...document.querySelectorAll(".observablehq--error")].map((e) => e.textContent)
  );
  assert.deepEqual(log.errors, [], `${path}: console errors`);
  assert.deepEqual(log.offHost, [], `${path}: requests off 127.0.0.1`);
  assert.deepEqual(cellErrors, [], `${path}: cells failed`);
}

const charts = (page: Page) => page.evaluate(() => document.querySelectorAll("svg[class^='plot-']").length);

describe("learning pages in Chromium", () => {
  const site = builtSite();

  for (const {path, charts: expected} of pages) {
    test(`${path} renders at least ${expected} charts, offline, without errors`, async () => {
      const {page, log} = await watchedPage(site.browser);
      await page.goto(site.origin + path, {waitUntil: "load"});
      await settle(page);
      // Charts drawn with TF.js (the explorer's) may still be on their way.
      await page
        .waitForFunction((n) => document.querySelectorAll("svg[class^='plot-']").length >= n, expected, {
          timeout: 30_000
        })
        .catch(() => {});
      assert.ok(
        (await charts(page)) >= expected,
        `${path}: ${await charts(page)} charts, expected at least ${expected}`
      );
      if (path !== "/metrics.html")
        assert.equal(await page.textContent("#tf-backend", {timeout: 5_000}), "wasm", `${path}: TF.js backend`);
      await problems(page, log, path);
      await page.close();
    });
  }

  test("the Train page trains an LSTM for two epochs on the wasm backend and shows curves and final metrics", async () => {
    const {page, log} = await watchedPage(site.browser);
    await page.goto(site.origin + "/train.html", {waitUntil: "load"});
    await settle(page);
    assert.equal(await page.textContent("#tf-backend"), "wasm");
    const train = page.getByRole("button", {name: "Train", exact: true});
    const stop = page.getByRole("button", {name: "Stop", exact: true});
    // The epoch ticks of the Loss chart.
    const epochTicks = () =>
      page.evaluate(() => {
        const card = [...document.querySelectorAll(".card")].find((c) => c.querySelector("h2")?.textContent === "Loss");
        return [...(card?.querySelectorAll("[aria-label='x-axis tick label'] text") ?? [])].map((t) => t.textContent);
      });
    assert.ok((await train.isEnabled()) && (await stop.isDisabled()), "idle: Train enabled, Stop disabled");
    // Before a run: the shipped models/lstm-w2's curves (12 epochs), said so in the status line.
    assert.deepEqual(await epochTicks(), ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"]);
    assert.match((await page.textContent("#train-status")) ?? "", /models\/lstm-w2/);
    await page.getByLabel("Epochs", {exact: true}).fill("2");
    await train.click();
    // The Loss chart's ticks (the page has other charts with epoch axes, e.g. the recorded runs' overlay).
    await page.waitForFunction(() => {
      const card = [...document.querySelectorAll(".card")].find((c) => c.querySelector("h2")?.textContent === "Loss");
      return card?.querySelectorAll("[aria-label='x-axis tick label'] text").length === 2;
    });
    assert.deepEqual(await epochTicks(), ["1", "2"], "the run's axis spans the epochs asked for, whole numbers only");
    await page.waitForFunction(
      () => document.querySelector("#train-status")?.textContent?.includes("epoch 1 of 2"),
      null,
      {timeout: 150_000}
    );
    assert.ok((await train.isDisabled()) && (await stop.isEnabled()), "training: Train disabled, Stop enabled");
    assert.deepEqual(await epochTicks(), ["1", "2"], "the x axis does not grow as epochs arrive");
    await page.waitForSelector("#train-result", {timeout: 150_000});
    assert.ok((await train.isEnabled()) && (await stop.isDisabled()), "done: Train enabled, Stop disabled");
    const status = await page.textContent("#train-status");
    const result = await page.textContent("#train-result");
    const dots = await page.evaluate(() => document.querySelectorAll("svg[class^='plot-'] circle").length);
    const epochSeconds = Number(/([\d.]+) s per epoch/.exec(status ?? "")?.[1]);
    console.log(`browser training: ${status}\n${result}`);
    assert.match(status ?? "", /epoch 2 of 2/);
    assert.match(result ?? "", /on the wasm backend; held-out accuracy \d+\.\d%/);
    assert.match((await page.textContent("#train-explain")) ?? "", /of the test contexts/, "the figure is explained");
    assert.ok(dots >= 8, `training curves: ${dots} points, expected 2 epochs x 2 parts x 2 charts`);
    assert.ok(epochSeconds > 0, "epoch seconds shown");
    assert.match(await page.evaluate(() => document.body.innerText), /this run: lstm-w2/);
    await problems(page, log, "/train (after training)");

    // One zip with every file of the artifact.
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("a.download").click()]);
    const zip = await JSZip.loadAsync(readFileSync(await download.path()));
    const name = download.suggestedFilename().replace(/\.zip$/, "");
    assert.match(name, /^lstm-w2-/);
    for (const file of ["manifest.json", "config.json", "weights.bin", "vocabulary.json", "split.json"])
      assert.ok(zip.file(`${name}/${file}`), `${file} in the zip`);
    assert.match((await page.textContent("#train-saved")) ?? "", /Kept in this browser/);

    // Kept in IndexedDB: offered on the other pages, after a reload too.
    const label = `${name} (trained in this browser)`;
    await page.goto(site.origin + "/predictions.html", {waitUntil: "load"});
    await settle(page);
    await page.getByLabel("Model", {exact: true}).selectOption(label);
    await page.waitForFunction((l) => document.querySelector("#trace-summary")?.textContent?.startsWith(l), label, {
      timeout: 20_000
    });
    await page.goto(site.origin + "/metrics.html", {waitUntil: "load"});
    await settle(page);
    assert.match(await page.locator("#observablehq-main").innerText(), new RegExp(label.replace(/[()]/g, "\\$&")));
    await page.getByLabel("Model", {exact: true}).selectOption(label);
    await page.waitForTimeout(500);
    await problems(page, log, "/metrics (a model trained in the tab)");
    await page.close();
  });

  test("the Train page trains a zoo model (MLP, Embedding gradient on wasm) for one epoch and names the run by its kind", async () => {
    const {page, log} = await watchedPage(site.browser);
    await page.goto(site.origin + "/train.html", {waitUntil: "load"});
    await settle(page);
    await page.getByLabel("MLP", {exact: true}).check();
    await page.getByLabel("Epochs", {exact: true}).fill("1");
    await page.getByRole("button", {name: "Train", exact: true}).click();
    await page.waitForSelector("#train-result", {timeout: 150_000});
    const status = await page.textContent("#train-status");
    console.log(`browser training (mlp): ${status}`);
    assert.match(status ?? "", /epoch 1 of 1/);
    assert.match(await page.evaluate(() => document.body.innerText), /this run: mlp-w2/);
    await problems(page, log, "/train (mlp)");
    await page.close();
  });

  test("the prediction explorer updates its top-k as actions are typed", async () => {
    const {page, log} = await watchedPage(site.browser);
    await page.goto(site.origin + "/model.html", {waitUntil: "load"});
    await settle(page);
    const bars = () => page.locator("#explorer-topk svg text").allTextContents();
    const before = (await bars()).join("|");
    await page.getByLabel("Actions", {exact: true}).fill("create_namespaces create_serviceaccounts");
    await page.waitForFunction(
      () => document.querySelector("#explorer-context")?.textContent?.includes("create_serviceaccounts"),
      null,
      {timeout: 20_000}
    );
    const afterTyping = (await bars()).join("|");
    await page.getByLabel("Actions", {exact: true}).fill("create_namespaces create_se");
    const suggestions = await page.evaluate(() =>
      [...document.querySelectorAll("datalist option")].map((o) => (o as HTMLOptionElement).value)
    );
    assert.ok(
      suggestions.length > 0 && suggestions.every((v) => v.startsWith("create_namespaces ") && v.includes("se")),
      `the second action is completed too: ${suggestions.slice(0, 3).join(" | ")}`
    );
    await page.getByLabel("Find actions", {exact: true}).fill("secrets");
    await page.waitForFunction(() =>
      [...document.querySelectorAll("svg[class^='plot-'] text")].some((t) => t.textContent === "update_secrets")
    );
    assert.notEqual(afterTyping, before, "top-k bars changed");
    assert.match(afterTyping, /%/);
    await page.getByLabel("Actions", {exact: true}).fill("not_an_action");
    await page.waitForFunction(
      () => document.querySelector("#explorer-context")?.textContent?.includes("not in the vocabulary"),
      null,
      {timeout: 20_000}
    );
    await problems(page, log, "/model (explorer)");
    await page.close();
  });
  test("the guess-first replay hides the real action until Space, then moves on; ← goes back; Restart rewinds", async () => {
    const {page, log} = await watchedPage(site.browser);
    await page.goto(site.origin + "/predictions.html", {waitUntil: "load"});
    await settle(page);
    const heading = () => page.textContent("#replay-heading");
    const action = () => page.textContent("#replay-action");
    const bars = () => page.locator("#replay-bars svg [aria-label='y-axis tick label'] text").allTextContents();
    const until = (source: string, text: RegExp) =>
      page.waitForFunction(
        ([s, t]) => new RegExp(t).test(document.querySelector(s)?.textContent ?? ""),
        [source, text.source],
        {
          timeout: 10_000
        }
      );
    assert.match((await heading()) ?? "", /^Action 1 of /);
    assert.match((await action()) ?? "", /\?/, "the real action is hidden at first");
    const hidden = await bars();
    await page.locator("body").press("Space");
    await until("#replay-action", /Real next action: \S+ — (in the top|a surprise|never seen)/);
    assert.match((await heading()) ?? "", /^Action 1 of /, "revealing does not move on");
    const shown = await bars();
    assert.ok(shown.length >= hidden.length, "a surprise adds the real action below the top k");
    await page.locator("body").press("ArrowRight");
    await until("#replay-heading", /^Action 2 of /);
    assert.match((await action()) ?? "", /\?/, "the next action is hidden again");
    await page.locator("body").press("ArrowLeft");
    await until("#replay-heading", /^Action 1 of /);
    await page
      .getByRole("button", {name: "Reveal ▶"})
      .count()
      .then((n) => assert.equal(n, 0, "going back shows the action"));
    await page.getByRole("button", {name: "Next ▶"}).click();
    await until("#replay-heading", /^Action 2 of /);
    await page.getByRole("button", {name: "Restart"}).click();
    await until("#replay-heading", /^Action 1 of /);
    await problems(page, log, "/predictions (replay)");
    await page.close();
  });
});
