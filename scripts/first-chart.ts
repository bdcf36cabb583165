/**
 * How long each page of the built site takes to draw its first chart in Chromium with the CPU slowed 4× (a
 * lecture-hall laptop), against the 1.5 s goal: `npm run build && npx tsx scripts/first-chart.ts [runs]`.
 * Served by a plain static server on 127.0.0.1, every request off it blocked; the median of `runs` loads (default 3).
 * Run it on a quiet machine: other processes slow Chromium as much as the throttling does.
 *
 * A/B on a busy machine: `--compare <dir>` also serves another build (e.g. main's, built with
 * `PERFSPEC_OUT=/tmp/main-dist npm run build` in its checkout) and alternates loads of the two, so both see the same
 * load; `--pages index,distribution` measures only those pages.
 */
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {parseArgs} from "node:util";
import type {Browser} from "playwright-core";
import {launchChromium, watchedPage} from "../test/browser/chromium.js";
import {serveStatic} from "../test/browser/staticServer.js";
import {sitePages} from "../test/browser/builtSite.js";

const goalSeconds = 1.5;
const {values, positionals} = parseArgs({
  allowPositionals: true,
  options: {compare: {type: "string"}, pages: {type: "string"}}
});
const runs = Number(positionals[0] ?? 3);
const sites = [{label: "dist", dir: resolve("dist")}];
if (values.compare) sites.push({label: values.compare, dir: resolve(values.compare)});
for (const {dir} of sites) if (!existsSync(`${dir}/index.html`)) throw new Error(`${dir}: run \`npm run build\` first`);
const wanted = values.pages?.split(",") ?? sitePages;

const chartSelector = "svg[class^='plot-'], figure[class^='plot-'], form[class*='-table']";

/**
 * Seconds to the first chart (a Plot svg or figure, or a table on a page that has no chart), two ways:
 * `painted`, from the page's navigation start to the end of the first frame painted with the chart in the page
 * (recorded in the page by a MutationObserver, then a task queued from the next frame); `polled`, from \`page.goto\` to Playwright's \`waitForSelector\` seeing it
 * (the figure this script gave before: Playwright polls 20, 50, 100, 100 ms and then every 500 ms, so it adds up to
 * half a second, more when the page keeps the main thread busy).
 */
async function firstChart(browser: Browser, url: string): Promise<{painted: number; polled: number}> {
  const {page} = await watchedPage(browser);
  await page.addInitScript((selector) => {
    const seen = window as unknown as {firstChartPainted?: number};
    new MutationObserver((_, observer) => {
      if (!document.querySelector(selector)) return;
      observer.disconnect();
      // A frame's callbacks run before its style, layout and paint; a task queued from one runs after them.
      requestAnimationFrame(() => setTimeout(() => (seen.firstChartPainted = performance.now()), 0));
    }).observe(document, {childList: true, subtree: true});
  }, chartSelector);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", {rate: 4});
  const start = Date.now();
  await page.goto(url, {waitUntil: "commit"});
  await page.waitForSelector(chartSelector, {timeout: 60_000});
  const polled = (Date.now() - start) / 1000;
  const painted = await page.evaluate(async () => {
    const seen = window as unknown as {firstChartPainted?: number};
    while (seen.firstChartPainted === undefined) await new Promise(requestAnimationFrame);
    return seen.firstChartPainted / 1000;
  });
  await page.close();
  return {painted, polled};
}

const median = (times: number[]) => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
const servers = await Promise.all(sites.map((site) => serveStatic(site.dir)));
const browser = await launchChromium();
console.log(`first chart with 4x CPU slowdown, median of ${runs} loads (goal ${goalSeconds} s, on the painted time)`);
console.log(
  `painted (polled) per site${sites.length > 1 ? `: ${sites.map((s) => s.label).join(" | ")}, loads alternate` : ""}`
);
try {
  for (const name of wanted.filter((p) => sites.every(({dir}) => existsSync(`${dir}/${p}.html`)))) {
    const times = sites.map(() => ({painted: [] as number[], polled: [] as number[]}));
    for (let i = 0; i < runs; i++) {
      for (const [s, {origin}] of servers.entries()) {
        const {painted, polled} = await firstChart(browser, `${origin}/${name}.html`);
        times[s].painted.push(painted);
        times[s].polled.push(polled);
      }
    }
    const cells = times.map((t) => `${median(t.painted).toFixed(2)} s (${median(t.polled).toFixed(2)} s)`);
    console.log(
      `${name.padEnd(14)} ${cells.join(" | ")} ${median(times[0].painted) <= goalSeconds ? "met" : "NOT met"}`
    );
  }
} finally {
  await browser.close();
  for (const {server} of servers) server.close();
}
