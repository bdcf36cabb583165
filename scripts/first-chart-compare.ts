/**
 * scripts/first-chart.ts for two builds of the site at once, on a busy machine: `npx tsx
 * scripts/first-chart-compare.ts <before-dir> <after-dir> [runs] [page ...]` loads each page from the two builds
 * alternately (A, B, A, B, ...) with the CPU slowed 4x, so both see the same load, and prints both medians.
 * Build the other one with `PERFSPEC_OUT=/tmp/dist-before npm run build` on the other commit.
 */
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {launchChromium, watchedPage} from "../test/browser/chromium.js";
import {serveStatic} from "../test/browser/staticServer.js";
import {sitePages} from "../test/browser/builtSite.js";

const [before, after, runsArgument, ...only] = process.argv.slice(2);
if (!before || !after) throw new Error("usage: first-chart-compare.ts <before-dir> <after-dir> [runs] [page ...]");
const runs = Number(runsArgument ?? 3);
const sites = await Promise.all([before, after].map((dir) => serveStatic(resolve(dir))));
const browser = await launchChromium();
const median = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)];

async function firstChart(origin: string, name: string): Promise<number> {
  const {page} = await watchedPage(browser);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", {rate: 4});
  const start = Date.now();
  await page.goto(`${origin}/${name}.html`, {waitUntil: "commit"});
  // The selector of scripts/first-chart.ts.
  await page.waitForSelector("svg[class^='plot-'], figure[class^='plot-'], form[class*='-table']", {timeout: 60_000});
  const seconds = (Date.now() - start) / 1000;
  await page.close();
  return seconds;
}

console.log(`first chart with 4x CPU slowdown, median of ${runs} alternating loads: ${before} | ${after}`);
try {
  const pages = (only.length ? only : sitePages).filter((p) =>
    [before, after].every((d) => existsSync(`${d}/${p}.html`))
  );
  for (const name of pages) {
    const times: number[][] = [[], []];
    for (let i = 0; i < runs; i++)
      for (const [s, site] of sites.entries()) times[s].push(await firstChart(site.origin, name));
    const [a, b] = times.map(median);
    console.log(
      `${name.padEnd(14)} ${a.toFixed(2)} s | ${b.toFixed(2)} s   (${times.map((t) => t.map((x) => x.toFixed(2)).join(" ")).join(" | ")})`
    );
  }
} finally {
  await browser.close();
  for (const {server} of sites) server.close();
}
