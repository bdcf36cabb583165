/**
 * The built site (dist/, from `npm run build`) served by a plain static server on 127.0.0.1 and one Chromium for a
 * test file: `const site = builtSite();` at the top level registers the before/after hooks; tests then use
 * `site.origin` and `site.browser`. Also the list of the site's pages, for checks that open every one.
 */
import assert from "node:assert/strict";
import {existsSync} from "node:fs";
import {resolve} from "node:path";
import {after, before} from "node:test";
import type {Browser} from "playwright-core";
import {launchChromium} from "./chromium.js";
import {serveStatic} from "./staticServer.js";

/** Every page of the site, as its file name in dist/ without `.html`, in sidebar order. */
export const sitePages = [
  "index",
  "distribution",
  "sql",
  "quality",
  "train",
  "metrics",
  "runs",
  "model",
  "predictions",
  "detection",
  "live",
  "templates",
  "performance"
];

export function builtSite(): {readonly origin: string; readonly browser: Browser} {
  let origin = "";
  let browser: Browser | undefined;
  let close = () => {};
  before(async () => {
    assert.ok(existsSync("dist/index.html"), "run `npm run build` first");
    const served = await serveStatic(resolve("dist"));
    origin = served.origin;
    close = () => served.server.close();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    close();
  });
  return {
    get origin() {
      return origin;
    },
    get browser() {
      if (!browser) throw new Error("builtSite(): the browser starts in the test file's before hook");
      return browser;
    }
  };
}
