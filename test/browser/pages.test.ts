/**
 * Opens every page of the built site (dist/, made by `npm run build`) in Debian's Chromium and fails on a console
 * error, a request off 127.0.0.1, a cell error, or a missing chart. A second site is built here from a hostile
 * audit log (script and markup in names, namespaces, users, user agents and actions): on every page, nothing of
 * it may execute or become markup.
 */
import assert from "node:assert/strict";
import {spawnSync} from "node:child_process";
import {existsSync, readdirSync, readFileSync, rmSync} from "node:fs";
import {resolve} from "node:path";
import {after, before, describe, test} from "node:test";
import type {Browser, Page} from "playwright-core";
import {launchChromium, watchedPage} from "./chromium.js";
import {liveServer, hostileBatch} from "./liveServer.js";
import {serveStatic} from "./staticServer.js";

/** Each page with what must be on it once it has rendered. */
const pages: {path: string; charts: number; ready: string}[] = [
  {path: "/", charts: 0, ready: ".big"},
  {path: "/distribution.html", charts: 7, ready: "[class^='plot-']"},
  {path: "/sql.html", charts: 0, ready: "form table tbody tr"},
  {path: "/quality.html", charts: 1, ready: "[class^='plot-']"},
  {path: "/detection.html", charts: 6, ready: "[class^='plot-']"},
  {path: "/live.html", charts: 1, ready: "[class^='plot-']"},
  {path: "/templates.html", charts: 1, ready: "[class^='plot-']"},
  {path: "/performance.html", charts: 1, ready: "[class^='plot-']"},
  {path: "/runs.html", charts: 2, ready: "[class^='plot-']"}
];
/** The learning pages (checked in depth by learning.test.ts) also show log content: the hostile site opens them too. */
const learningPages = ["/train.html", "/metrics.html", "/model.html", "/predictions.html"].map((path) => ({
  path,
  charts: 1,
  ready: "[class^='plot-']"
}));

async function settle(page: Page, selector: string): Promise<void> {
  await page.waitForSelector(selector, {timeout: 60_000});
  // Let the reactive runtime finish every cell (DuckDB and later cells resolve after the first chart).
  await page.waitForFunction(() => !document.querySelector(".observablehq--running, .observablehq--pending"), null, {
    timeout: 60_000
  });
  await page.waitForTimeout(500);
}

/** `policy`: the cleaning policy's name the Overview and Data quality pages must show. */
async function checkSite(root: string, hostile: boolean, policy: string): Promise<void> {
  const {server, origin} = await serveStatic(root);
  const browser: Browser = await launchChromium();
  try {
    for (const {path, charts, ready} of hostile ? [...pages, ...learningPages] : pages) {
      const {page, log} = await watchedPage(browser);
      await page.goto(origin + path, {waitUntil: "load"});
      await settle(page, ready);
      const found = await page.evaluate(() => ({
        charts: document.querySelectorAll("[class^='plot-']").length,
        cellErrors: [...document.querySelectorAll(".observablehq--error")].map((e) => e.textContent),
        pwned: (window as unknown as {__pwned?: number}).__pwned,
        injected: document.querySelectorAll("img[src='x'], svg[onload]").length,
        text: document.body.innerText
      }));
      assert.deepEqual(log.errors, [], `${path}: console errors`);
      assert.deepEqual(log.offHost, [], `${path}: requests off 127.0.0.1`);
      assert.deepEqual(found.cellErrors, [], `${path}: cells failed`);
      assert.ok(found.charts >= charts, `${path}: ${found.charts} charts, expected at least ${charts}`);
      if (path === "/" || path === "/quality.html")
        assert.match(found.text, new RegExp(`cleaning policy ${policy}\\b`), `${path}: the policy's name`);
      if (hostile) {
        assert.equal(found.pwned, undefined, `${path}: a payload from the log executed`);
        assert.equal(found.injected, 0, `${path}: log content became markup`);
      }
      await page.close();
    }
    if (hostile) {
      // The payloads are shown, as text, where the data is listed.
      const {page} = await watchedPage(browser);
      await page.goto(origin + "/distribution.html", {waitUntil: "load"});
      await settle(page, "form table tbody tr");
      assert.match(await page.evaluate(() => document.body.innerText), /<img src=x onerror=/);
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
}

describe("built site in Chromium", () => {
  test("every page of the embedded-data site renders its charts, offline, without errors", async () => {
    assert.ok(existsSync("dist/index.html"), "run `npm run build` first");
    await checkSite(resolve("dist"), false, "perfspec");
  });

  test("every sidebar, pager and in-text link of every page answers 200 from a plain static server", async () => {
    const {server, origin} = await serveStatic(resolve("dist"));
    const browser = await launchChromium();
    try {
      const {page} = await watchedPage(browser);
      await page.goto(origin + "/", {waitUntil: "load"});
      const sidebar = await page.$$eval("#observablehq-sidebar a[href]", (links) =>
        links.map((a) => (a as HTMLAnchorElement).href)
      );
      assert.ok(sidebar.length >= 9, `${sidebar.length} sidebar links`);
      const broken: string[] = [];
      for (const url of sidebar) {
        const response = await page.goto(url, {waitUntil: "domcontentloaded"});
        if (response?.status() !== 200) broken.push(`${url}: ${response?.status()}`);
        // The links of the page itself (pager, prose) to pages of this site.
        const links = await page.$$eval("#observablehq-main a[href], #observablehq-footer a[href]", (anchors) =>
          anchors.map((a) => (a as HTMLAnchorElement).href).filter((href) => href.startsWith(location.origin))
        );
        for (const link of links) {
          const status = (await fetch(link.replace(/#.*/, ""))).status;
          if (status !== 200) broken.push(`${link} (on ${url}): ${status}`);
        }
      }
      assert.deepEqual(broken, []);
    } finally {
      await browser.close();
      server.close();
    }
  });

  test("every example query of the SQL explorer runs in DuckDB-wasm", async () => {
    const {server, origin} = await serveStatic(resolve("dist"));
    const browser = await launchChromium();
    try {
      const {page, log} = await watchedPage(browser);
      await page.goto(origin + "/sql.html", {waitUntil: "load"});
      await settle(page, "form table tbody tr");
      // The first example's result computed at build time (shown while DuckDB-wasm starts) is the live one.
      const preparedFile = readdirSync("dist/_file/data").find((f) => /^sql-prepared\.\w+\.json$/.test(f));
      const prepared = JSON.parse(readFileSync(`dist/_file/data/${preparedFile}`, "utf8"));
      await page.waitForFunction(() => !document.querySelector("#sql-prepared"), null, {timeout: 60_000});
      // The first table is the query's (the schemas follow).
      const live = await page.$eval("form table", (table) =>
        [...table.querySelectorAll("tbody tr")].map((r) =>
          [...r.querySelectorAll("td")].slice(1).map((td) => td.textContent)
        )
      );
      assert.deepEqual(
        live,
        prepared.rows.map((r: {action: string; n: number}) => [r.action, r.n.toLocaleString("en-US")])
      );
      const examples = await page.$$eval("select option", (options) => options.map((o) => o.textContent ?? ""));
      assert.ok(examples.length >= 5, `${examples.length} examples`);
      for (const example of examples) {
        await page.selectOption("select", {label: example});
        await page.waitForFunction(
          () => /\d+ rows/.test(document.body.innerText) || document.querySelector(".caution"),
          null,
          {timeout: 30_000}
        );
        await settle(page, "form table");
        const failure = await page.evaluate(() => document.querySelector(".caution")?.textContent ?? null);
        assert.equal(failure, null, `example "${example}" failed`);
      }
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.offHost, []);
    } finally {
      await browser.close();
      server.close();
    }
  });

  test("the Detection page's g slider and detector switch recompute the recall shown", async () => {
    const {server, origin} = await serveStatic(resolve("dist"));
    const browser = await launchChromium();
    try {
      const {page, log} = await watchedPage(browser);
      await page.goto(origin + "/detection.html", {waitUntil: "load"});
      await settle(page, "#detection-recall");
      const recall = () => page.$eval("#detection-recall", (e) => e.textContent);
      const before = await recall();
      // The slider's number box: g = 1 flags every kept action outside the model's first guess.
      const box = page.locator("form:has-text('Top-g') input[type=number]");
      await box.fill("1");
      await box.dispatchEvent("input");
      await page.waitForFunction((was) => document.querySelector("#detection-recall")?.textContent !== was, before, {
        timeout: 10_000
      });
      assert.notEqual(await recall(), before);
      // The detector switch: the default (--high-recall, flags computed per g by the loader) catches more than
      // --precise at the same g.
      const atOne = await recall();
      await page.getByLabel("--precise").check();
      await page.waitForFunction((was) => document.querySelector("#detection-recall")?.textContent !== was, atOne, {
        timeout: 10_000
      });
      assert.ok(Number(await recall()) < Number(atOne), `--precise recall ${await recall()} vs ${atOne}`);
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.offHost, []);
    } finally {
      await browser.close();
      server.close();
    }
  });

  test("the Live validation page replays the labelled stream, then shows perfspec serve's alerts as text", async () => {
    const {server, origin} = await serveStatic(resolve("dist"));
    const browser = await launchChromium();
    const live = await liveServer();
    try {
      const {page, log} = await watchedPage(browser);
      await page.goto(origin + "/live.html", {waitUntil: "load"});
      await settle(page, "#live-recall");
      assert.equal(await page.$eval("#live-alerts", (e) => e.textContent), "0");
      await page.getByRole("button", {name: "To the end"}).click();
      await page.waitForFunction(() => document.querySelector("#live-alerts")?.textContent !== "0", null, {
        timeout: 10_000
      });
      const recall = Number(await page.$eval("#live-recall", (e) => e.textContent));
      assert.ok(recall > 0.5 && recall <= 1, `recall ${recall}`);
      assert.match(await page.evaluate(() => document.body.innerText), /attack: [a-z-]+/);

      // Live: the page connects to the server given in ?sse=, and log content arrives as text.
      await page.goto(`${origin}/live.html?sse=${encodeURIComponent(live.url + "/alerts")}`, {waitUntil: "load"});
      await page.waitForFunction(() => /Stream: connected/.test(document.body.innerText), null, {timeout: 10_000});
      const answer = await live.post(hostileBatch());
      assert.equal(answer.status, 200);
      await page.waitForFunction(() => /1 alert\(s\) received/.test(document.body.innerText), null, {timeout: 10_000});
      const found = await page.evaluate(() => ({
        text: document.body.innerText,
        injected: document.querySelectorAll("img[src='x']").length,
        pwned: (window as unknown as {__pwned?: number}).__pwned
      }));
      assert.match(found.text, /<img src=x onerror=window.__pwned=1>/);
      assert.equal(found.injected, 0);
      assert.equal(found.pwned, undefined);
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.offHost, []);
    } finally {
      await live.close();
      await browser.close();
      server.close();
    }
  });

  test("the Templates page parses a pasted log in the page and shows its markup as text", async () => {
    const {server, origin} = await serveStatic(resolve("dist"));
    const browser = await launchChromium();
    try {
      const {page, log} = await watchedPage(browser);
      await page.goto(origin + "/templates.html", {waitUntil: "load"});
      await settle(page, "#templates-count");
      const pasted = [
        `login <img src=x onerror="window.__pwned=1"> from 10.0.0.1`,
        `login <svg onload="window.__pwned=3"> from 10.0.0.2`,
        "logout alice",
        "logout bob"
      ].join("\n");
      await page.locator("form:has-text('Or paste a log') textarea").fill(pasted);
      await page.waitForFunction(() => document.querySelector("#templates-source")?.textContent === "pasted", null, {
        timeout: 30_000
      });
      await settle(page, "[class^='plot-']");
      const found = await page.evaluate(() => ({
        pwned: (window as unknown as {__pwned?: number}).__pwned,
        injected: document.querySelectorAll("img[src='x'], svg[onload]").length,
        text: document.body.innerText
      }));
      assert.equal(found.pwned, undefined);
      assert.equal(found.injected, 0);
      assert.match(found.text, /<img src=x onerror=/);
      assert.equal(await page.$eval("#templates-lines", (e) => e.textContent), "4");
      assert.deepEqual(log.errors, []);
      assert.deepEqual(log.offHost, []);
    } finally {
      await browser.close();
      server.close();
    }
  });

  describe("with a hostile audit log", () => {
    const out = resolve("dist-hostile");
    before(() => {
      rmSync(out, {recursive: true, force: true});
      const build = spawnSync(process.execPath, ["--import", "tsx", "scripts/build.ts"], {
        // The security policy puts subresources (payloads too) into action names: they must stay text as well.
        env: {
          ...process.env,
          PERFSPEC_DATA: resolve("test/fixtures/browser/hostile-audit.jsonl"),
          PERFSPEC_POLICY: "security",
          PERFSPEC_OUT: out
        },
        encoding: "utf-8"
      });
      assert.equal(build.status, 0, build.stderr + build.stdout);
    });
    after(() => rmSync(out, {recursive: true, force: true}));

    test("script and markup in names, namespaces, users, user agents and actions never execute", async () => {
      await checkSite(out, true, "security");
    });
  });
});
