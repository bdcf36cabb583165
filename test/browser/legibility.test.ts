/**
 * Every page of the built site (dist/) at projector size (1024×768) and at 1440×900, as a lecture hall sees it:
 * no chart text under 12 px, no chart text outside its svg (clipped), and no two labels of one chart on top of each
 * other (tick labels, axis labels and legends; the labels of a scatter's points may still touch one another), no
 * table wider than the page (wide ones scroll in their column) and no sideways scrolling; light and dark.
 */
import assert from "node:assert/strict";
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {test} from "node:test";
import {launchChromium, watchedPage} from "./chromium.js";
import {serveStatic} from "./staticServer.js";
import {sitePages} from "./builtSite.js";

const pages = sitePages;

test("at 1024 and 1440 px, light and dark, chart text is at least 12 px, inside its svg, labels do not overlap, tables fit", async () => {
  assert.ok(existsSync("dist/index.html"), "run `npm run build` first");
  const {server, origin} = await serveStatic(resolve("dist"));
  const browser = await launchChromium();
  const problems: string[] = [];
  try {
    for (const width of [1024, 1440]) {
      const {page} = await watchedPage(browser);
      await page.setViewportSize({width, height: width === 1024 ? 768 : 900});
      for (const name of pages) {
        await page.goto(`${origin}/${name}.html`, {waitUntil: "load"});
        await page.waitForFunction(
          () => !document.querySelector(".observablehq--running, .observablehq--pending"),
          null,
          {
            timeout: 60_000
          }
        );
        await page.waitForTimeout(500);
        const check = () =>
          page.evaluate(() => {
            const out: string[] = [];
            for (const legend of document.querySelectorAll("[class*='-swatches']")) {
              const size = parseFloat(getComputedStyle(legend).fontSize);
              if (size < 12) out.push(`legend at ${size} px: ${legend.textContent}`);
            }
            for (const svg of document.querySelectorAll("svg[class^='plot-']")) {
              const box = svg.getBoundingClientRect();
              const labels = [...svg.querySelectorAll("text")]
                .filter((t) => t.textContent && t.getBoundingClientRect().width > 0)
                .map((t) => ({
                  text: t.textContent ?? "",
                  box: t.getBoundingClientRect(),
                  size: parseFloat(getComputedStyle(t).fontSize),
                  mark: t.parentElement?.getAttribute("aria-label") ?? ""
                }));
              for (const {text, box: r, size} of labels) {
                if (size < 12) out.push(`${size} px: ${text}`);
                if (
                  r.left < box.left - 1 ||
                  r.right > box.right + 1 ||
                  r.top < box.top - 1 ||
                  r.bottom > box.bottom + 1
                )
                  out.push(`clipped: ${text}`);
              }
              for (const [i, a] of labels.entries())
                for (const b of labels.slice(i + 1)) {
                  if (a.mark === "text" && b.mark === "text") continue;
                  const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
                  const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
                  if (x > 2 && y > 2) out.push(`overlap: "${a.text}" (${a.mark}) and "${b.text}" (${b.mark})`);
                }
            }
            // Tables fit the page: wider ones scroll inside their column instead of widening it.
            const pageWidth = document.documentElement.clientWidth;
            for (const table of document.querySelectorAll("#observablehq-main table")) {
              const r = table.getBoundingClientRect();
              let inScroller = false;
              for (let n = table.parentElement; n && n.id !== "observablehq-main"; n = n.parentElement) {
                const overflow = getComputedStyle(n).overflowX;
                if (overflow === "auto" || overflow === "scroll") inScroller = true;
              }
              if (!inScroller && r.right > pageWidth + 1)
                out.push(`table wider than the page (${Math.round(r.right)} px)`);
            }
            if (document.documentElement.scrollWidth > pageWidth + 1)
              out.push(`page scrolls sideways (${document.documentElement.scrollWidth} px)`);
            return out;
          });
        // The same page in light and dark (Framework's theme follows the system): layout and type must hold in both.
        const found: string[] = [];
        for (const colorScheme of ["light", "dark"] as const) {
          await page.emulateMedia({colorScheme});
          await page.waitForTimeout(100);
          found.push(...(await check()).map((p) => `${colorScheme}: ${p}`));
        }
        problems.push(...new Set(found.map((p) => `${name} at ${width}: ${p}`)));
      }
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  assert.deepEqual(problems, []);
});
